package dev.beacon.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite's table: one row per test (its display name is the operation),
 * passed, failed with the reason, or skipped with why, and how long it took; printed to
 * standard output after the last test and written to {@code target/conformance.md}. Every
 * failure leaves the suite redacted (tokens, keys, {@code access_token} and
 * {@code AccessKey} values, and the run's own keys), in the table and in what JUnit
 * reports alike.
 */
final class ConformanceReport implements BeforeTestExecutionCallback, AfterTestExecutionCallback, TestWatcher,
		AfterAllCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

	private static final Pattern ASSIGNED_SECRET = Pattern
		.compile("(?i)((?:access_token|accesskey|clientsecret|client_secret)\\s*[=:]\\s*\"?)[^;&\\s\"]+");

	private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"]+");

	private final Path file;

	private final List<Row> rows = new ArrayList<>();

	private final Set<String> secrets = ConcurrentHashMap.newKeySet();

	private final ConcurrentHashMap<String, Instant> started = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Duration> took = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, String> notes = new ConcurrentHashMap<>();

	private String title = "Beacon conformance";

	private String subtitle = "";

	private @Nullable String usage;

	private @Nullable String startFailure;

	private @Nullable String currentTest;

	ConformanceReport(Path file) {
		this.file = file;
	}

	/**
	 * Names what the run is against, in the table's heading.
	 * @param target the target, host only
	 * @param details the API version and such
	 */
	void describe(String target, String details) {
		this.title = "Beacon conformance: " + target;
		this.subtitle = details;
	}

	/** What the run used of the target, after the totals. */
	void usage(String usage) {
		this.usage = usage;
	}

	/** A value never to be shown, whatever a failure says. */
	void keepSecret(String secret) {
		if (secret.length() >= 8) {
			this.secrets.add(secret);
		}
	}

	/** A detail for the current row's result, e.g. how a check was provoked. */
	void note(String note) {
		String test = this.currentTest;
		if (test != null) {
			this.notes.put(test, note);
		}
	}

	@Override
	public void beforeTestExecution(ExtensionContext context) {
		this.currentTest = context.getUniqueId();
		this.started.put(context.getUniqueId(), Instant.now());
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		Instant start = this.started.get(context.getUniqueId());
		if (start != null) {
			this.took.put(context.getUniqueId(), Duration.between(start, Instant.now()));
		}
		this.currentTest = null;
	}

	@Override
	public void testSuccessful(ExtensionContext context) {
		String note = this.notes.get(context.getUniqueId());
		add(context, Result.PASSED, note);
	}

	@Override
	public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
		add(context, Result.FAILED, reason(cause));
	}

	@Override
	public void testAborted(ExtensionContext context, @Nullable Throwable cause) {
		String reason = reason(cause);
		add(context, Result.SKIPPED, (reason != null) ? reason.replaceFirst("^Assumption failed: ", "") : null);
	}

	@Override
	public void testDisabled(ExtensionContext context, Optional<String> reason) {
		add(context, Result.SKIPPED, reason.orElse("disabled"));
	}

	private void add(ExtensionContext context, Result result, @Nullable String detail) {
		add(new Row(context.getDisplayName(), result, detail,
				this.took.getOrDefault(context.getUniqueId(), Duration.ZERO)));
	}

	synchronized void add(Row row) {
		this.rows.add(row);
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw redacted(throwable);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		this.startFailure = reason(throwable);
		throw redacted(throwable);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		String table = table();
		System.out.println(System.lineSeparator() + table);
		try {
			Files.createDirectories(this.file.toAbsolutePath().getParent());
			Files.writeString(this.file, table);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The report as Markdown: heading, totals, then the rows in the order they ran. */
	synchronized String table() {
		StringBuilder table = new StringBuilder("# ").append(this.title).append("\n\n");
		long passed = count(Result.PASSED);
		long failed = count(Result.FAILED);
		long skipped = count(Result.SKIPPED);
		Duration total = this.rows.stream().map(Row::time).reduce(Duration.ZERO, Duration::plus);
		table.append(this.subtitle.isEmpty() ? "" : this.subtitle + ". ")
			.append(passed)
			.append(" passed, ")
			.append(failed)
			.append(" failed, ")
			.append(skipped)
			.append(" skipped, in ")
			.append(seconds(total))
			.append(" (tests only; starting the target not counted)")
			.append((this.usage != null) ? "; " + this.usage : "")
			.append(".\n\n");
		if (this.startFailure != null) {
			table.append("The target did not start: ").append(this.startFailure).append("\n\n");
		}
		table.append("| operation | result | time |\n|---|---|---|\n");
		for (Row row : this.rows) {
			table.append("| ")
				.append(cell(row.operation()))
				.append(" | ")
				.append(row.result().name().toLowerCase(Locale.ROOT))
				.append((row.detail() != null) ? " (" + cell(row.detail()) + ")" : "")
				.append(" | ")
				.append(seconds(row.time()))
				.append(" |\n");
		}
		return table.toString();
	}

	private long count(Result result) {
		return this.rows.stream().filter((row) -> row.result() == result).count();
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.2f s", duration.truncatedTo(ChronoUnit.MILLIS).toMillis() / 1000.0);
	}

	private static String cell(String text) {
		return text.replace("|", "\\|");
	}

	/** What went wrong on one line, redacted and short enough for a table. */
	@Nullable String reason(@Nullable Throwable failure) {
		if (failure == null) {
			return null;
		}
		String message = (failure.getMessage() != null && !failure.getMessage().isBlank()) ? failure.getMessage()
				: failure.getClass().getSimpleName();
		String line = redact(message.strip().replaceAll("\\s+", " "));
		return (line.length() > 300) ? line.substring(0, 297) + "..." : line;
	}

	/**
	 * Removes anything secret from a text: JWTs, bearer tokens, {@code access_token},
	 * {@code AccessKey} and client secret values, and the run's own keys.
	 * @param text the text
	 * @return the text, secrets replaced by {@code [redacted]}
	 */
	String redact(String text) {
		String redacted = text;
		for (String secret : this.secrets) {
			redacted = redacted.replace(secret, "[redacted]");
		}
		redacted = JWT.matcher(redacted).replaceAll("[redacted]");
		redacted = ASSIGNED_SECRET.matcher(redacted).replaceAll("$1[redacted]");
		return BEARER.matcher(redacted).replaceAll("$1[redacted]");
	}

	/**
	 * A failure as JUnit will report it: same class for an aborted test (a skip), else an
	 * {@link AssertionError} naming the original class; messages redacted, causes
	 * likewise, stack traces kept.
	 */
	Throwable redacted(Throwable failure) {
		if (failure instanceof TestAbortedException) {
			TestAbortedException aborted = new TestAbortedException(redact(String.valueOf(failure.getMessage())));
			aborted.setStackTrace(failure.getStackTrace());
			return aborted;
		}
		return copy(failure, 0);
	}

	private Throwable copy(Throwable failure, int depth) {
		String message = (failure.getMessage() != null) ? redact(failure.getMessage()) : "";
		AssertionError copy = new AssertionError(
				(failure instanceof AssertionError) ? message : failure.getClass().getName() + ": " + message);
		copy.setStackTrace(failure.getStackTrace());
		if (failure.getCause() != null && failure.getCause() != failure && depth < 10) {
			copy.initCause(copy(failure.getCause(), depth + 1));
		}
		return copy;
	}

	enum Result {

		PASSED, FAILED, SKIPPED

	}

	/**
	 * One row.
	 *
	 * @param operation the test's display name
	 * @param result how it ended
	 * @param detail the reason of a failure or skip, or a note on a pass
	 * @param time how long the test ran
	 */
	record Row(String operation, Result result, @Nullable String detail, Duration time) {
	}

}
