package dev.beacon.restclient;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a group's connections.
 *
 * @param members the connections on this page
 * @param continuationToken what to pass for the next page; null on the last
 */
public record GroupMembersPage(List<GroupMember> members, @Nullable String continuationToken) {

}
