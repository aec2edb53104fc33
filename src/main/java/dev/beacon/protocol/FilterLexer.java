package dev.beacon.protocol;

import dev.beacon.protocol.FilterToken.Type;

/**
 * Splits a filter into tokens on demand, so the first error in reading order is the one
 * reported. Only spaces and tabs separate tokens.
 * <p>
 * Control characters are refused everywhere, string literals included: no user, group or
 * connection name may hold one ({@link Names}), so a literal with one could match nothing
 * and is more likely a mistake or an injection attempt than a wish.
 */
final class FilterLexer {

	private final String text;

	private int index;

	FilterLexer(String text) {
		this.text = text;
	}

	FilterToken next() {
		this.index = afterBlanks(this.index);
		int start = this.index;
		if (start >= this.text.length()) {
			return new FilterToken(Type.END, start, "", null);
		}
		char c = this.text.charAt(start);
		return switch (c) {
			case '(' -> punctuation(Type.OPEN, start);
			case ')' -> punctuation(Type.CLOSE, start);
			case ',' -> punctuation(Type.COMMA, start);
			case '\'' -> string(start);
			case '"' -> throw fail(start, "strings are written in single quotes ('...'), not double quotes");
			default -> wordOrNumber(c, start);
		};
	}

	/**
	 * Whether the token after the current one is {@code (}: a word before it is a
	 * function.
	 */
	boolean nextIsOpen() {
		int next = afterBlanks(this.index);
		return next < this.text.length() && this.text.charAt(next) == '(';
	}

	private int afterBlanks(int from) {
		int i = from;
		while (i < this.text.length() && (this.text.charAt(i) == ' ' || this.text.charAt(i) == '\t')) {
			i++;
		}
		return i;
	}

	private FilterToken punctuation(Type type, int start) {
		this.index = start + 1;
		return new FilterToken(type, start, this.text.substring(start, start + 1), null);
	}

	private FilterToken string(int start) {
		StringBuilder value = new StringBuilder();
		int i = start + 1;
		while (true) {
			if (i >= this.text.length()) {
				throw fail(i, "unterminated string starting at " + InvalidFilterException.column(this.text, start));
			}
			char c = this.text.charAt(i);
			if (c == '\'' && i + 1 < this.text.length() && this.text.charAt(i + 1) == '\'') {
				i++;
			}
			else if (c == '\'') {
				break;
			}
			else if (Character.isISOControl(c)) {
				throw fail(i, FilterWords.character(c) + " is not allowed in a string");
			}
			value.append(c);
			i++;
		}
		this.index = i + 1;
		return new FilterToken(Type.STRING, start, this.text.substring(start, this.index), value.toString());
	}

	private FilterToken wordOrNumber(char c, int start) {
		if (isWordStart(c)) {
			int end = start + 1;
			while (end < this.text.length() && (isWordStart(this.text.charAt(end)) || isDigit(this.text.charAt(end)))) {
				end++;
			}
			this.index = end;
			return new FilterToken(Type.WORD, start, this.text.substring(start, end), null);
		}
		if (isDigit(c) || (c == '-' && start + 1 < this.text.length() && isDigit(this.text.charAt(start + 1)))) {
			return number(start);
		}
		throw fail(start, "unexpected " + FilterWords.character(this.text.codePointAt(start)));
	}

	private FilterToken number(int start) {
		int end = start + 1;
		while (end < this.text.length() && isDigit(this.text.charAt(end))) {
			end++;
		}
		String digits = this.text.substring(start, end);
		try {
			this.index = end;
			return new FilterToken(Type.INTEGER, start, digits, Long.parseLong(digits));
		}
		catch (NumberFormatException ex) {
			throw fail(start, "the number " + FilterWords.shortened(digits) + " does not fit in a 64-bit integer");
		}
	}

	private static boolean isWordStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private InvalidFilterException fail(int at, String problem) {
		return InvalidFilterException.at(this.text, at, problem);
	}

}
