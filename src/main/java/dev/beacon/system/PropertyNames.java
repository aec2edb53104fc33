package dev.beacon.system;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The property a caller most likely meant when it sent one that does not exist: the same
 * name in another case, a name that starts the other ({@code group} for
 * {@code groupName}), or one a typo or two away ({@code gropuName}). Short names get no
 * guess, so {@code to} does not suggest {@code id}.
 */
public final class PropertyNames {

	private PropertyNames() {
	}

	/**
	 * The closest known property to {@code name}, if any is close enough.
	 * @param name the property sent
	 * @param known the properties the body has
	 * @return the one meant, or empty when none is close
	 */
	public static Optional<String> closest(String name, Collection<String> known) {
		String sent = name.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(sent, candidate.toLowerCase(Locale.ROOT));
			if (distance < bestDistance
					|| (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return Optional.ofNullable((bestDistance != Integer.MAX_VALUE) ? best : null);
	}

	/**
	 * How far apart two lower-cased names are: 0 for the same, 1 for one that starts the
	 * other, 2 for a shared stem, else 2 more than the edit distance when it is small for
	 * the name's length.
	 */
	private static int distance(String sent, String candidate) {
		if (sent.equals(candidate)) {
			return 0;
		}
		int shorter = Math.min(sent.length(), candidate.length());
		if (shorter >= 2 && (candidate.startsWith(sent) || sent.startsWith(candidate))) {
			return 1;
		}
		int common = 0;
		while (common < shorter && sent.charAt(common) == candidate.charAt(common)) {
			common++;
		}
		if (common >= 4 && common >= shorter - 1) {
			return 2;
		}
		int allowed = (sent.length() >= 5) ? 2 : (sent.length() >= 3) ? 1 : 0;
		int edits = edits(sent, candidate);
		return (edits <= allowed) ? 2 + edits : Integer.MAX_VALUE;
	}

	/** Levenshtein distance; names are short. */
	private static int edits(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The sentence a caller reads for an unknown property.
	 * @param name the property sent
	 * @param known the properties the body has
	 * @return {@code "group" is not a property; did you mean "groupName"?}, or without
	 * the question when no property is close
	 */
	public static String unknown(String name, Collection<String> known) {
		return closest(name, known)
			.map((meant) -> "\"" + name + "\" is not a property; did you mean \"" + meant + "\"?")
			.orElseGet(() -> "\"" + name + "\" is not a property; the properties are " + list(known));
	}

	/**
	 * The sentence a caller reads for a property given twice.
	 * @param first the first spelling
	 * @param second the second
	 * @return what to fix
	 */
	public static String duplicate(String first, String second) {
		return first.equals(second) ? "\"" + first + "\" is given twice; give it once"
				: "\"" + first + "\" and \"" + second + "\" are the same property; give it once";
	}

	private static String list(Collection<String> known) {
		return known.stream().sorted().map((name) -> "\"" + name + "\"").reduce((a, b) -> a + ", " + b).orElse("none");
	}

}
