package dev.beacon.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import dev.beacon.protocol.FilterNode.Call;
import dev.beacon.protocol.FilterNode.Compare;
import dev.beacon.protocol.FilterNode.InGroups;
import dev.beacon.protocol.FilterNode.Literal;
import dev.beacon.protocol.FilterNode.Not;
import dev.beacon.protocol.FilterToken.Type;

/**
 * Recursive descent over the filter grammar. Precedence, tightest first, as the reference
 * documents it: primaries and function calls, {@code not}, comparisons and {@code in}
 * (left-associative), {@code and}, {@code or}. So {@code not} binds tighter than a
 * comparison, and {@code not length(userId) gt 5} is refused rather than read as
 * {@code not (length(userId) gt 5)}.
 * <p>
 * Recursion happens only through parentheses, function calls and {@code not}, each of
 * which counts toward the nesting bound, so no input can overflow the stack.
 */
final class FilterParser extends FilterCursor {

	private static final String OPERAND = "an identifier, a literal, '(' or 'not'";

	private FilterParser(String text) {
		super(text);
	}

	static FilterNode parse(String text) {
		if (text.length() > ODataFilter.MAX_LENGTH) {
			throw InvalidFilterException.at(text, ODataFilter.MAX_LENGTH,
					"the filter is longer than " + ODataFilter.MAX_LENGTH + " characters");
		}
		return new FilterParser(text).filter();
	}

	private FilterNode filter() {
		if (this.token.type() == Type.END) {
			throw this.checks.fail(0, "the filter is empty");
		}
		int start = this.token.start();
		FilterNode root = or();
		if (this.token.type() != Type.END) {
			throw expected("'and', 'or' or an operator (eq, ne, gt, ge, lt, le, in)");
		}
		this.checks.condition(root, start, "the filter must be", "");
		return root;
	}

	private FilterNode or() {
		return logical("or", this::and, FilterNode.Or::new);
	}

	private FilterNode and() {
		return logical("and", this::comparison, FilterNode.And::new);
	}

	private FilterNode logical(String keyword, Supplier<FilterNode> operand, BinaryOperator<FilterNode> join) {
		String subject = "each side of '" + keyword + "' must be";
		int start = this.token.start();
		FilterNode node = operand.get();
		while (this.token.isWord(keyword)) {
			this.checks.condition(node, start, subject, "");
			advance();
			int rightStart = this.token.start();
			FilterNode right = operand.get();
			this.checks.condition(right, rightStart, subject, "");
			node = join.apply(node, right);
		}
		return node;
	}

	private FilterNode comparison() {
		int start = this.token.start();
		FilterNode node = unary();
		while (true) {
			FilterToken operator = this.token;
			FilterComparison comparison = FilterComparison.named(operator);
			if (comparison != null) {
				advance();
				int rightStart = this.token.start();
				FilterNode right = unary();
				this.checks.comparable(node, start, operator, comparison, right, rightStart);
				node = new Compare(comparison, node, right);
			}
			else if (operator.isWord("in")) {
				advance();
				node = in(node, start);
			}
			else {
				return node;
			}
			this.checks.clause(start);
		}
	}

	private FilterNode unary() {
		if (!this.token.isWord("not")) {
			return primary();
		}
		this.checks.enter(this.token.start());
		advance();
		int start = this.token.start();
		FilterNode operand = unary();
		boolean comparedNext = FilterComparison.named(this.token) != null || this.token.isWord("in");
		String hint = comparedNext ? "; 'not' binds tighter than '" + this.token.text().toLowerCase(Locale.ROOT)
				+ "', so write 'not (...)' around the comparison" : "";
		this.checks.condition(operand, start, "'not' needs", hint);
		this.checks.leave();
		return new Not(operand);
	}

	private FilterNode primary() {
		return switch (this.token.type()) {
			case STRING, INTEGER -> literal(new Literal(this.token.value()));
			case OPEN -> group();
			case WORD -> word();
			default -> throw expected(OPERAND);
		};
	}

	private FilterNode literal(Literal literal) {
		advance();
		return literal;
	}

	private FilterNode group() {
		this.checks.enter(this.token.start());
		advance();
		FilterNode node = or();
		expect(Type.CLOSE, "')'");
		this.checks.leave();
		return node;
	}

	private FilterNode word() {
		Literal keyword = keywordLiteral();
		if (keyword != null) {
			return literal(keyword);
		}
		FilterFunction function = FilterFunction.named(this.token.text());
		if (function != null) {
			return call(function);
		}
		FilterField field = FilterField.named(this.token.text());
		if (field != null && this.lexer.nextIsOpen()) {
			throw this.checks.fail(this.token.start(), "'" + field.identifier() + "' is not a function");
		}
		if (field != null) {
			advance();
			return field;
		}
		throw unknownWord();
	}

	private InvalidFilterException unknownWord() {
		if (FilterWords.isKeyword(this.token.text())) {
			return expected(OPERAND);
		}
		boolean call = this.lexer.nextIsOpen();
		return this.checks.fail(this.token.start(), FilterWords.unknown(call ? "function" : "identifier",
				this.token.text(), call ? FilterFunction.names() : FilterField.identifiers()));
	}

	private FilterNode call(FilterFunction function) {
		int at = this.token.start();
		if (!this.lexer.nextIsOpen()) {
			advance();
			throw expected("'(' after '" + function.functionName() + "'");
		}
		this.checks.enter(at);
		advance();
		advance();
		List<FilterNode> arguments = new ArrayList<>();
		List<Integer> starts = new ArrayList<>();
		while (this.token.type() != Type.CLOSE || !arguments.isEmpty()) {
			starts.add(this.token.start());
			arguments.add(or());
			if (this.token.type() != Type.COMMA) {
				break;
			}
			advance();
		}
		expect(Type.CLOSE, arguments.isEmpty() ? "')'" : "')' or ','");
		this.checks.arguments(function, at, arguments, starts);
		this.checks.leave();
		return new Call(function, List.copyOf(arguments));
	}

	private FilterNode in(FilterNode left, int leftStart) {
		if (this.token.type() == Type.OPEN) {
			this.checks.notCollection(left, leftStart);
			advance();
			return list(left);
		}
		if (this.token.isWord("groups")) {
			this.checks.inGroups(left, leftStart);
			advance();
			return new InGroups(left);
		}
		if (this.token.type() == Type.WORD && FilterField.named(this.token.text()) == null
				&& FilterWords.closest(this.token.text(), FilterField.identifiers()) != null) {
			throw unknownWord();
		}
		throw expected("a parenthesised list or 'groups' after 'in'");
	}

}
