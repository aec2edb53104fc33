package dev.beacon.support;

import java.io.IOException;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * MessagePack messages built by the msgpack library itself, as a client or the service
 * would send them, for tests of Beacon's reading.
 */
public final class MessagePackBodies {

	private MessagePackBodies() {
	}

	/** The bytes {@code body} writes. */
	public static byte[] pack(Body body) throws IOException {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			body.write(packer);
			return packer.toByteArray();
		}
	}

	/** Writes values with the library's packer. */
	@FunctionalInterface
	public interface Body {

		void write(MessageBufferPacker packer) throws IOException;

	}

}
