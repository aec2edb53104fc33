package dev.beacon.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A whole Beacon in local mode on a random port, as most end-to-end tests want it:
 * {@link TestKeys#API_KEY} as its API key, {@link TestKeys#LOCAL_ACCESS_KEY} as the local
 * service's key, the user named by Easy Auth's header, and no scheduled status broadcast
 * (it would reach every client mid-test). Spring's test context cache starts it once for
 * every class declared this way; a class that needs another setting declares its own
 * {@code @SpringBootTest} and gets a Beacon of its own. The classes sharing a Beacon
 * share its connections, groups, statuses and meters: each test asserts on what it made
 * itself, under names no other class uses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "beacon.api.keys=" + TestKeys.API_KEY, "beacon.local.access-key=" + TestKeys.LOCAL_ACCESS_KEY,
				"beacon.negotiate.user-id-source=easy-auth", "beacon.status.broadcast-interval=0" })
public @interface BeaconTest {

	/**
	 * The same Beacon with the inbox on, keeping three messages a user: a context of its
	 * own, since a user's first connection is then replayed what was sent before.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "beacon.api.keys=" + TestKeys.API_KEY,
					"beacon.local.access-key=" + TestKeys.LOCAL_ACCESS_KEY, "beacon.negotiate.user-id-source=easy-auth",
					"beacon.status.broadcast-interval=0", "beacon.inbox.enabled=true", "beacon.inbox.max-per-user=3" })
	@interface WithInbox {

	}

}
