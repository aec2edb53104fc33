package dev.beacon.inbox;

import java.util.List;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import dev.beacon.endpoint.Hubs;
import dev.beacon.negotiate.ClientIdentity;
import dev.beacon.negotiate.EasyAuthIdentityResolver;
import dev.beacon.protocol.Names;
import dev.beacon.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own pending messages, so a page can show "3 unread" before it connects.
 * The caller is who negotiate would say it is (Easy Auth when configured); anonymous
 * callers have no inbox.
 */
@RestController
class InboxController {

	private final InboxService inbox;

	private final EasyAuthIdentityResolver identities;

	private final Hubs hubs;

	InboxController(InboxService inbox, EasyAuthIdentityResolver identities, Hubs hubs) {
		this.inbox = inbox;
		this.identities = identities;
		this.hubs = hubs;
	}

	@GetMapping("/api/inbox")
	Inbox inbox(HttpServletRequest request, @RequestParam(required = false) @Nullable String hub) {
		requireEnabled();
		String known = (hub != null) ? this.hubs.require(hub) : this.hubs.defaultHub();
		ClientIdentity identity = this.identities.resolve(request);
		if (identity.userId() == null) {
			throw new ErrorResponseException(HttpStatus.UNAUTHORIZED,
					Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized",
							"An inbox belongs to a user, and this request has none (beacon.negotiate.user-id-source)"),
					null);
		}
		return inboxOf(known, identity.userId());
	}

	/**
	 * Any user's inbox, for a server that holds {@code Inbox.Read}: a support console, or
	 * a backend that sends what is pending another way. Reading acknowledges nothing.
	 */
	@GetMapping("/api/hubs/{hub}/users/{userId}/inbox")
	@RequiresScope(Scope.INBOX_READ)
	Inbox inboxOfUser(@PathVariable String hub, @PathVariable String userId) {
		requireEnabled();
		return inboxOf(this.hubs.require(hub), Names.user(userId));
	}

	private Inbox inboxOf(String hub, String userId) {
		List<InboxMessage> messages = this.inbox.pending(hub, userId).messages();
		return new Inbox(userId, messages.size(), messages);
	}

	private void requireEnabled() {
		if (!this.inbox.enabled()) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					Problems.of(HttpStatus.NOT_FOUND, "Not Found", "The inbox is off (beacon.inbox.enabled)"), null);
		}
	}

	/**
	 * A user's inbox.
	 *
	 * @param userId whose it is
	 * @param pending how many messages wait
	 * @param messages the messages, oldest first
	 */
	record Inbox(String userId, int pending, List<InboxMessage> messages) {
	}

}
