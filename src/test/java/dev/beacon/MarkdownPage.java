package dev.beacon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Markdown file of README.md or docs/, read the way GitHub renders it as far as
 * {@link DocumentationTests} needs: fenced code blocks apart from the prose, inline code,
 * links and the anchors its headings get.
 *
 * @param path the file, relative to the project
 * @param lines its lines
 */
record MarkdownPage(Path path, List<String> lines) {

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

	private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern DOUBLE_BACKTICK_CODE = Pattern.compile("``((?:[^\\n]|\\n(?!\\n))+?)``");

	private static final Pattern CODE = Pattern.compile("`((?:[^`\\n]|\\n(?!\\n))+)`");

	// GitHub keeps letters, marks, digits, connector punctuation (_), spaces and hyphens
	private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");

	/** README.md and every page under docs/. */
	static List<MarkdownPage> all() throws IOException {
		List<MarkdownPage> pages = new ArrayList<>();
		pages.add(read(Path.of("README.md")));
		try (Stream<Path> files = Files.walk(Path.of("docs"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".md")).sorted().toList()) {
				pages.add(read(file));
			}
		}
		return pages;
	}

	static MarkdownPage read(Path path) throws IOException {
		return new MarkdownPage(path.normalize(), Files.readAllLines(path));
	}

	/** Where this page is, with a line number, for failure messages. */
	String at(int lineIndex) {
		return this.path + ":" + (lineIndex + 1);
	}

	/** Whether each line is inside a fenced code block (the fences included). */
	boolean[] fenced() {
		boolean[] fenced = new boolean[this.lines.size()];
		boolean inside = false;
		for (int i = 0; i < fenced.length; i++) {
			boolean fence = this.lines.get(i).stripLeading().startsWith("```");
			fenced[i] = inside || fence;
			if (fence) {
				inside = !inside;
			}
		}
		return fenced;
	}

	/** Links and images outside code blocks: line index and target. */
	List<Map.Entry<Integer, String>> links() {
		List<Map.Entry<Integer, String>> links = new ArrayList<>();
		boolean[] fenced = fenced();
		for (int i = 0; i < this.lines.size(); i++) {
			Matcher matcher = LINK.matcher(this.lines.get(i));
			while (!fenced[i] && matcher.find()) {
				links.add(Map.entry(i, matcher.group(2)));
			}
		}
		return links;
	}

	/** The anchors GitHub gives this page's headings, duplicates numbered as it does. */
	Set<String> anchors() {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean[] fenced = fenced();
		for (int i = 0; i < this.lines.size(); i++) {
			Matcher matcher = HEADING.matcher(this.lines.get(i));
			if (!fenced[i] && matcher.matches()) {
				String slug = slug(matcher.group(1));
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

	static String slug(String heading) {
		String text = LINK.matcher(heading).replaceAll("$1");
		return NOT_IN_SLUG.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
	}

	/**
	 * Every piece of code on the page, each with the line it starts on: each line of a
	 * fenced block (a line ending in {@code \} joined with the next), and each inline
	 * code span (which may run over a line break).
	 */
	List<Map.Entry<Integer, String>> code() {
		List<Map.Entry<Integer, String>> code = new ArrayList<>();
		boolean[] fenced = fenced();
		StringBuilder prose = new StringBuilder();
		List<Integer> lineStarts = new ArrayList<>();
		for (int i = 0; i < this.lines.size(); i++) {
			String line = this.lines.get(i);
			lineStarts.add(prose.length());
			if (!fenced[i]) {
				prose.append(line);
			}
			else if (!line.stripLeading().startsWith("```")) {
				int first = i;
				while (line.endsWith("\\") && i + 1 < this.lines.size() && !fenced[i + 1]) {
					line = line.substring(0, line.length() - 1) + " " + this.lines.get(++i);
					lineStarts.add(prose.length());
				}
				code.add(Map.entry(first, line));
			}
			prose.append('\n');
		}
		String text = prose.toString();
		Matcher doubled = DOUBLE_BACKTICK_CODE.matcher(text);
		StringBuilder rest = new StringBuilder();
		while (doubled.find()) {
			code.add(Map.entry(lineOf(lineStarts, doubled.start()), doubled.group(1)));
			doubled.appendReplacement(rest, Matcher.quoteReplacement(" ".repeat(doubled.group().length())));
		}
		doubled.appendTail(rest);
		Matcher single = CODE.matcher(rest);
		while (single.find()) {
			code.add(Map.entry(lineOf(lineStarts, single.start()), single.group(1).replace('\n', ' ')));
		}
		return code;
	}

	private static int lineOf(List<Integer> lineStarts, int offset) {
		int line = 0;
		while (line + 1 < lineStarts.size() && lineStarts.get(line + 1) <= offset) {
			line++;
		}
		return line;
	}

	/**
	 * The first cells of the rows of every table whose first column is headed
	 * {@code property}, each with its line index.
	 */
	List<Map.Entry<Integer, String>> propertyCells() {
		List<Map.Entry<Integer, String>> cells = new ArrayList<>();
		boolean inTable = false;
		for (int i = 0; i < this.lines.size(); i++) {
			String line = this.lines.get(i);
			if (!line.startsWith("|")) {
				inTable = false;
			}
			else if (line.matches("^\\|\\s*property\\s*\\|.*")) {
				inTable = true;
			}
			else if (inTable && !line.startsWith("|---")) {
				cells.add(Map.entry(i, line.substring(1).split("(?<!\\\\)\\|", 2)[0]));
			}
		}
		return cells;
	}

}
