package dev.beacon.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A JDK AOT cache for the Beacon processes tests start, trained once per build: the
 * classes they load and link at start-up, read from the cache instead of from the jars. A
 * start then takes about 0.6 of the CPU (docs/testing.md), and the suite starts some
 * twenty. The cache takes class paths of jars only, so the main classes go into a jar
 * beside it; both live in {@code target/replica-aot/<digest of the classes and the
 * runtime class path>/}, so a changed build trains a new one. The test JVMs share it
 * under a file lock: the first trains, the other waits and reads. Without the build's
 * runtime class path, or when training fails, processes start without a cache.
 */
final class ReplicaAotCache {

	private static final Path ROOT = Path.of("target/replica-aot");

	private static @Nullable List<String> options;

	private ReplicaAotCache() {
	}

	/**
	 * The JVM options that start a process with the cache: {@code -XX:AOTCache} and its
	 * class path; empty to start without.
	 * @param trainingOptions the options every process starts with, the cache's too
	 * @param runtimeJars the runtime class path's jars, or null without one
	 */
	static synchronized List<String> options(List<String> trainingOptions, @Nullable String runtimeJars) {
		if (options == null) {
			options = (runtimeJars != null) ? prepare(trainingOptions, runtimeJars) : List.of();
		}
		return options;
	}

	private static List<String> prepare(List<String> trainingOptions, String runtimeJars) {
		try {
			Path classes = Path.of("target/classes").toAbsolutePath();
			Path dir = ROOT.resolve(digest(classes, runtimeJars)).toAbsolutePath();
			Path jar = dir.resolve("classes.jar");
			Path cache = dir.resolve("beacon.aot");
			String classPath = jar + (runtimeJars.isEmpty() ? "" : File.pathSeparator + runtimeJars);
			Files.createDirectories(dir);
			try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
				if (!Files.isRegularFile(cache)) {
					jar(classes, jar);
					train(trainingOptions, classPath, cache);
					removeOthers(dir);
				}
			}
			return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache, "-cp", classPath) : List.of();
		}
		catch (Exception ex) {
			System.err.println("Beacon processes start without an AOT cache: " + ex);
			return List.of();
		}
	}

	/** Earlier builds' caches beside this one (some 90 MB each), best effort. */
	private static void removeOthers(Path kept) throws IOException {
		try (Stream<Path> dirs = Files.list(kept.getParent())) {
			for (Path dir : dirs.filter((dir) -> !dir.equals(kept) && Files.isDirectory(dir)).toList()) {
				try (Stream<Path> files = Files.walk(dir)) {
					for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
						Files.deleteIfExists(file);
					}
				}
			}
		}
	}

	/**
	 * A digest of every file's path, size and time, and of the jars' list; not of the
	 * build information Spring Boot's plugin writes again on every build (its time), so
	 * that only a changed build trains again.
	 */
	private static String digest(Path classes, String runtimeJars) throws IOException, NoSuchAlgorithmException {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		digest.update(runtimeJars.getBytes(StandardCharsets.UTF_8));
		Path buildInfo = classes.resolve("META-INF/build-info.properties");
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(Files::isRegularFile)
				.filter((file) -> !file.equals(buildInfo))
				.sorted()
				.toList()) {
				digest.update((classes.relativize(file) + ":" + Files.size(file) + ":"
						+ Files.getLastModifiedTime(file).toMillis() + "\n")
					.getBytes(StandardCharsets.UTF_8));
			}
		}
		return HexFormat.of().formatHex(digest.digest(), 0, 8);
	}

	/**
	 * The classes as a jar, with directory entries: Spring's scan finds packages by them.
	 */
	private static void jar(Path classes, Path jar) throws IOException {
		Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
		try (OutputStream out = Files.newOutputStream(partial);
				JarOutputStream entries = new JarOutputStream(out);
				Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.sorted().toList()) {
				if (file.equals(classes)) {
					continue;
				}
				String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
				boolean directory = Files.isDirectory(file);
				entries.putNextEntry(new JarEntry(directory ? name + "/" : name));
				if (!directory) {
					Files.copy(file, entries);
				}
				entries.closeEntry();
			}
		}
		Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * One Beacon started with {@code -XX:AOTCacheOutput}, up, then stopped with SIGTERM:
	 * the JVM writes the cache as it exits, which {@link BeaconProcess#close()} waits
	 * for.
	 */
	private static void train(List<String> trainingOptions, String classPath, Path cache) throws Exception {
		Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
		List<String> jvm = new ArrayList<>();
		jvm.add("-XX:AOTCacheOutput=" + partial);
		jvm.addAll(trainingOptions);
		jvm.addAll(List.of("-cp", classPath));
		// A key of its own, so it writes no generated one to the temporary directory
		BeaconProcess
			.start("aot-training", jvm,
					List.of("--beacon.status.broadcast-interval=0", "--beacon.api.keys=" + TestKeys.API_KEY))
			.close();
		if (Files.isRegularFile(partial)) {
			Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
		}
	}

}
