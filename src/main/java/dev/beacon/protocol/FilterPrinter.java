package dev.beacon.protocol;

import java.util.List;

import dev.beacon.protocol.FilterNode.And;
import dev.beacon.protocol.FilterNode.Call;
import dev.beacon.protocol.FilterNode.Compare;
import dev.beacon.protocol.FilterNode.InGroups;
import dev.beacon.protocol.FilterNode.InList;
import dev.beacon.protocol.FilterNode.Literal;
import dev.beacon.protocol.FilterNode.Not;
import dev.beacon.protocol.FilterNode.Or;
import org.jspecify.annotations.Nullable;

/**
 * Writes a tree back as filter text in a canonical form: keywords and functions in lower
 * case, identifiers as the reference spells them, one space around operators, and
 * parentheses only where precedence needs them. Parsing the result gives the same tree,
 * and never more nesting than the text it came from, so it stays within the bounds.
 */
final class FilterPrinter {

	private static final int OR = 1;

	private static final int AND = 2;

	private static final int COMPARISON = 3;

	private static final int NOT = 4;

	private static final int PRIMARY = 5;

	private FilterPrinter() {
	}

	static String print(FilterNode node) {
		StringBuilder out = new StringBuilder();
		write(node, OR, out);
		return out.toString();
	}

	private static void write(FilterNode node, int least, StringBuilder out) {
		boolean grouped = precedence(node) < least;
		out.append(grouped ? "(" : "");
		switch (node) {
			case Or(FilterNode left, FilterNode right) -> binary(left, " or ", right, OR, out);
			case And(FilterNode left, FilterNode right) -> binary(left, " and ", right, AND, out);
			case Compare(FilterComparison operator, FilterNode left, FilterNode right) ->
				binary(left, " " + operator.keyword() + " ", right, COMPARISON, out);
			case InList list -> {
				write(list.left(), COMPARISON, out);
				out.append(" in (");
				list(list.items(), out);
				out.append(")");
			}
			case InGroups(FilterNode left) -> {
				write(left, COMPARISON, out);
				out.append(" in groups");
			}
			case Not(FilterNode operand) -> {
				out.append("not ");
				write(operand, NOT, out);
			}
			case Call(FilterFunction function, List<FilterNode> arguments) -> {
				out.append(function.functionName()).append("(");
				list(arguments, out);
				out.append(")");
			}
			case Literal(Object value) -> literal(value, out);
			case FilterField field -> out.append(field.identifier());
		}
		out.append(grouped ? ")" : "");
	}

	/** Operators are left-associative: the right side is grouped at equal precedence. */
	private static void binary(FilterNode left, String operator, FilterNode right, int precedence, StringBuilder out) {
		write(left, precedence, out);
		out.append(operator);
		write(right, precedence + 1, out);
	}

	private static void list(List<? extends FilterNode> nodes, StringBuilder out) {
		for (int i = 0; i < nodes.size(); i++) {
			out.append((i > 0) ? ", " : "");
			write(nodes.get(i), OR, out);
		}
	}

	private static void literal(@Nullable Object value, StringBuilder out) {
		if (value instanceof String text) {
			out.append('\'').append(text.replace("'", "''")).append('\'');
		}
		else {
			out.append(value);
		}
	}

	private static int precedence(FilterNode node) {
		return switch (node) {
			case Or or -> OR;
			case And and -> AND;
			case Compare compare -> COMPARISON;
			case InList in -> COMPARISON;
			case InGroups in -> COMPARISON;
			case Not not -> NOT;
			default -> PRIMARY;
		};
	}

}
