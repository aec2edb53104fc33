package dev.beacon.support;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Beacon {@link Replicas} on one real {@code redis-server} and one fake SignalR
 * Service, started before a test class's first test and stopped after its last: <pre>
 * &#64;RegisterExtension
 * static final FakeSignalRService service = new FakeSignalRService().answering(202);
 *
 * &#64;RegisterExtension
 * static final TwoReplicas replicas = new TwoReplicas(service, "inbox", "everysec", "--beacon.inbox.enabled=true");
 * </pre> A test may stop either replica or Redis itself; what is still running is stopped
 * after.
 */
public final class TwoReplicas implements BeforeAllCallback, AfterAllCallback {

	private final FakeSignalRService service;

	private final String name;

	private final String appendFsync;

	private final String[] settings;

	private @Nullable RedisServer redis;

	private @Nullable ConfigurableApplicationContext a;

	private @Nullable ConfigurableApplicationContext b;

	/**
	 * Two replicas to start.
	 * @param service the SignalR Service both use; started here if it is not yet
	 * @param name the replicas' name, {@code -a} and {@code -b} appended
	 * @param appendFsync Redis's {@code appendfsync}, as
	 * {@link RedisServer#start(String)} takes it
	 * @param settings the test's own settings, as {@code --name=value}
	 */
	public TwoReplicas(FakeSignalRService service, String name, String appendFsync, String... settings) {
		this.service = service;
		this.name = name;
		this.appendFsync = appendFsync;
		this.settings = settings;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.service.start();
		this.redis = RedisServer.start(this.appendFsync);
		this.a = Replicas.start(this.name + "-a", this.redis, this.service, TestKeys.API_KEY, this.settings);
		this.b = Replicas.start(this.name + "-b", this.redis, this.service, TestKeys.API_KEY, this.settings);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Replicas.stop(this.redis, this.a, this.b);
	}

	public RedisServer redis() {
		return running(this.redis);
	}

	public ConfigurableApplicationContext a() {
		return running(this.a);
	}

	public ConfigurableApplicationContext b() {
		return running(this.b);
	}

	/** A client of a replica, on the port it listens on. */
	public static BeaconHttp http(ConfigurableApplicationContext replica) {
		return new BeaconHttp(((WebServerApplicationContext) replica).getWebServer().getPort());
	}

	private static <T> T running(@Nullable T started) {
		if (started == null) {
			throw new IllegalStateException("The replicas have not been started");
		}
		return started;
	}

}
