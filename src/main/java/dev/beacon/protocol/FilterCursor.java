package dev.beacon.protocol;

import java.util.ArrayList;
import java.util.List;

import dev.beacon.protocol.FilterNode.InList;
import dev.beacon.protocol.FilterNode.Literal;
import dev.beacon.protocol.FilterToken.Type;
import org.jspecify.annotations.Nullable;

/**
 * The token level under {@link FilterParser}: the current token, moving on, and what
 * needs no recursion (literals and the literal list of {@code in}). An error names the
 * current token and what was expected in its place.
 */
class FilterCursor {

	final FilterLexer lexer;

	final FilterChecks checks;

	FilterToken token;

	FilterCursor(String text) {
		this.lexer = new FilterLexer(text);
		this.checks = new FilterChecks(text);
		this.token = this.lexer.next();
	}

	final void advance() {
		this.token = this.lexer.next();
	}

	final void expect(Type type, String what) {
		if (this.token.type() != type) {
			throw expected(what);
		}
		advance();
	}

	final InvalidFilterException expected(String what) {
		return this.checks.fail(this.token.start(), "expected " + what + " but found " + this.token.describe());
	}

	/** After {@code x in (}: one or more literals of x's kind, then {@code )}. */
	final InList list(FilterNode left) {
		if (this.token.type() == Type.CLOSE) {
			throw this.checks.fail(this.token.start(), "'in' needs at least one value in its list");
		}
		List<Literal> items = new ArrayList<>();
		while (true) {
			Literal item = (this.token.type() == Type.STRING || this.token.type() == Type.INTEGER)
					? new Literal(this.token.value()) : keywordLiteral();
			if (item == null) {
				throw expected("a literal (a string, an integer, true, false or null) in the 'in' list");
			}
			this.checks.comparable(left.kind(), item.kind(), this.token.start(), "in");
			items.add(item);
			advance();
			if (this.token.type() != Type.COMMA) {
				expect(Type.CLOSE, "')' or ','");
				return InList.of(left, items);
			}
			advance();
		}
	}

	final @Nullable Literal keywordLiteral() {
		if (this.token.isWord("true") || this.token.isWord("false")) {
			return new Literal(this.token.isWord("true"));
		}
		return this.token.isWord("null") ? new Literal(null) : null;
	}

}
