package dev.beacon.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Hub protocol bytes as a transport carries them: text for JSON, binary for MessagePack
 * (WebSocket frame type, long-polling content type). Either one framed message or
 * several, or one message without its framing as the upstream receives it.
 */
public sealed interface HubPayload {

	/** An empty text payload, as a poll answers when nothing is queued. */
	HubPayload EMPTY = new Text("");

	/** Characters for text, bytes for binary: what a transport's buffer bound counts. */
	int size();

	/** The payload as bytes (UTF-8 for text). */
	byte[] bytes();

	/**
	 * JSON hub protocol text.
	 *
	 * @param text the text
	 */
	record Text(String text) implements HubPayload {

		@Override
		public int size() {
			return this.text.length();
		}

		@Override
		public byte[] bytes() {
			return this.text.getBytes(StandardCharsets.UTF_8);
		}

	}

	/**
	 * MessagePack hub protocol bytes; never changed after it is made, so one payload is
	 * shared by every recipient.
	 *
	 * @param bytes the bytes
	 */
	record Binary(byte[] bytes) implements HubPayload {

		@Override
		public int size() {
			return this.bytes.length;
		}

	}

}
