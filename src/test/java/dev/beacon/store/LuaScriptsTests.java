package dev.beacon.store;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A script is read once, beside its class: it keeps working on a thread whose context
 * class loader is gone, as a stopped web application's is in a JVM that ran another
 * Beacon (the tests' cached contexts), where a script built on a
 * {@code ClassPathResource} looks its file up again on every call and fails.
 */
class LuaScriptsTests {

	@Test
	void aScriptIsItsFilesTextWithTheShaRedisExpects() throws Exception {
		RedisScript<Long> script = LuaScripts.load(LuaScriptsTests.class, "test.lua", Long.class);

		String text;
		try (InputStream in = LuaScriptsTests.class.getResourceAsStream("test.lua")) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(script.getScriptAsString()).isEqualTo(text).contains("return");
		assertThat(script.getSha1()).isEqualTo(HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
		assertThat(script.getResultType()).isEqualTo(Long.class);
	}

	@Test
	void aScriptKeepsWorkingWhenTheLoaderOfTheThreadThatMadeItIsGone() throws Exception {
		StoppedLoader stopped = new StoppedLoader();
		RedisScript<Long> script = onThreadWithLoader(stopped,
				() -> LuaScripts.load(LuaScriptsTests.class, "test.lua", Long.class));
		RedisScript<Long> resourceScript = onThreadWithLoader(stopped,
				() -> RedisScript.of(new ClassPathResource("dev/beacon/store/test.lua"), Long.class));
		stopped.stop();

		assertThat(script.getSha1()).hasSize(40);
		// What the stores did before: the file looked up again through the gone loader
		assertThatIllegalStateException().isThrownBy(resourceScript::getSha1).withMessageContaining("stopped");
	}

	@Test
	void aMissingScriptFailsNamingTheFileAndThePackage() {
		assertThatIllegalStateException()
			.isThrownBy(() -> LuaScripts.load(LuaScriptsTests.class, "missing.lua", Long.class))
			.withMessageContaining("missing.lua")
			.withMessageContaining("dev.beacon.store");
	}

	private static <T> T onThreadWithLoader(ClassLoader loader, Callable<T> task) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return task.call();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Like a stopped web application's class loader: refuses every lookup once stopped.
	 */
	static final class StoppedLoader extends ClassLoader {

		private volatile boolean stopped;

		StoppedLoader() {
			super(LuaScriptsTests.class.getClassLoader());
		}

		void stop() {
			this.stopped = true;
		}

		@Override
		public URL getResource(String name) {
			if (this.stopped) {
				throw new IllegalStateException("Illegal access: this class loader has been stopped already");
			}
			return super.getResource(name);
		}

	}

}
