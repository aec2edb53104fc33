package dev.beacon.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis stores' Lua scripts, each read once from beside the class that runs it and
 * held as text. A script built on a {@code ClassPathResource} instead would look its file
 * up again on every call (to see whether it changed), through the class loader of the
 * thread that first touched the class: a cost on every store call, and a failure once
 * that loader is gone (another application in the same JVM stopped).
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	/**
	 * Reads a script.
	 * @param <T> what the script answers
	 * @param owner the class whose package holds the file
	 * @param file the file's name, such as {@code connected.lua}
	 * @param type what the script answers
	 * @return the script, its text read now
	 * @throws IllegalStateException when the file is not there
	 */
	public static <T> RedisScript<T> load(Class<?> owner, String file, Class<T> type) {
		try (InputStream in = owner.getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException(
						"No script " + file + " beside " + owner.getName() + " (" + owner.getPackageName() + ")");
			}
			return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the script " + file, ex);
		}
	}

}
