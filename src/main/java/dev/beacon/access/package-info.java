/**
 * Who may call Beacon's API and what each caller may do: API keys and Entra ID tokens
 * become named callers with scopes, every protected endpoint names the one scope it
 * needs, and every state-changing call is logged and counted by caller.
 */
@NullMarked
package dev.beacon.access;

import org.jspecify.annotations.NullMarked;
