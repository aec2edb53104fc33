package dev.beacon.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How binary hub protocols frame messages (the official clients' {@code
 * BinaryMessageFormat}): each message preceded by its length as a VarInt, 7 bits a byte,
 * low bits first, the high bit set while more follow, at most 5 bytes.
 */
final class BinaryMessageFormat {

	private BinaryMessageFormat() {
	}

	/** The message with its length prefix. */
	static byte[] framed(byte[] message) {
		ByteArrayOutputStream framed = new ByteArrayOutputStream(message.length + 5);
		int length = message.length;
		while (length > 0x7f) {
			framed.write((length & 0x7f) | 0x80);
			length >>>= 7;
		}
		framed.write(length);
		framed.writeBytes(message);
		return framed.toByteArray();
	}

	/**
	 * Splits complete messages off the buffer, leaving an incomplete tail in it.
	 * @param buffer bytes received so far
	 * @return the complete messages, without their length prefixes
	 * @throws IllegalArgumentException if a prefix is malformed or announces more than
	 * {@link JsonHubProtocol#MAX_MESSAGE_SIZE}
	 */
	static List<byte[]> split(BinaryMessageBuffer buffer) {
		byte[] data = buffer.array();
		int limit = buffer.end();
		List<byte[]> messages = new ArrayList<>();
		int position = buffer.start();
		while (position < limit) {
			long length = 0;
			int prefix = 0;
			boolean complete = false;
			while (position + prefix < limit) {
				byte next = data[position + prefix];
				length |= (long) (next & 0x7f) << (7 * prefix);
				prefix++;
				if ((next & 0x80) == 0) {
					complete = true;
					break;
				}
				if (prefix == 5) {
					throw new IllegalArgumentException("Messages bigger than 2GB are not supported.");
				}
			}
			if (complete && length > JsonHubProtocol.MAX_MESSAGE_SIZE) {
				throw new IllegalArgumentException("Message exceeds the maximum size of 1 MiB.");
			}
			if (!complete || position + prefix + length > limit) {
				break;
			}
			int start = position + prefix;
			messages.add(Arrays.copyOfRange(data, start, start + (int) length));
			position = start + (int) length;
		}
		buffer.consumed(position);
		return messages;
	}

}
