package dev.beacon.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One token of a filter.
 *
 * @param type what kind of token
 * @param start its index in the filter text (a {@code char} index)
 * @param text the token as written: a string keeps its quotes and doubled quotes
 * @param value a string's unescaped value or an integer's {@code Long}; null otherwise
 */
record FilterToken(Type type, int start, String text, @Nullable Object value) {

	/** Keywords, identifiers and function names are all words; ASCII only. */
	enum Type {

		WORD, STRING, INTEGER, OPEN, CLOSE, COMMA, END

	}

	/** Compared without case: OData keywords and the service's identifiers are. */
	boolean isWord(String word) {
		return this.type == Type.WORD && this.text.equalsIgnoreCase(word);
	}

	String describe() {
		return switch (this.type) {
			case END -> "end of filter";
			case STRING -> "the string " + FilterWords.shortened(this.text);
			case INTEGER -> "the number " + FilterWords.shortened(this.text);
			default -> "'" + FilterWords.shortened(this.text) + "'";
		};
	}

}
