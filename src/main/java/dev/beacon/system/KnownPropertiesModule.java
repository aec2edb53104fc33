package dev.beacon.system;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.util.TokenBuffer;

import org.springframework.stereotype.Component;

/**
 * Gives every type marked {@link RefusesUnknownProperties} a reader that checks each
 * property name of the object before the type's own deserializer sees it: unknown names
 * and names given twice are refused ({@link InvalidPropertyException}), and with
 * {@code ignoreCase} each name is passed on in the type's spelling. Only such types are
 * affected: answers of the SignalR Service and bodies Beacon only relays stay lenient.
 */
@Component
class KnownPropertiesModule extends SimpleModule {

	KnownPropertiesModule() {
		super("beacon-known-properties");
		setDeserializerModifier(new Modifier());
	}

	private static final class Modifier extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
				BeanDescription.Supplier description, ValueDeserializer<?> deserializer) {
			RefusesUnknownProperties refuses = description.getBeanClass().getAnnotation(RefusesUnknownProperties.class);
			return (refuses != null) ? new KnownPropertiesDeserializer(deserializer, refuses.ignoreCase())
					: deserializer;
		}

	}

	/**
	 * Reads one object's properties into a buffer under their declared names, then lets
	 * the type's deserializer read the buffer. Values are copied token by token, not
	 * built into a tree.
	 */
	static final class KnownPropertiesDeserializer extends DelegatingDeserializer {

		private final boolean ignoreCase;

		/**
		 * The delegate's property names by the name a body may give (lower-cased when
		 * case is ignored), made once: the delegate is fixed.
		 */
		private volatile @Nullable Map<String, String> known;

		KnownPropertiesDeserializer(ValueDeserializer<?> delegatee, boolean ignoreCase) {
			super(delegatee);
			this.ignoreCase = ignoreCase;
		}

		@Override
		protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegatee) {
			return new KnownPropertiesDeserializer(delegatee, this.ignoreCase);
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			if (!parser.hasToken(JsonToken.START_OBJECT)) {
				return this._delegatee.deserialize(parser, context);
			}
			Map<String, String> known = this.known;
			if (known == null) {
				known = names(this._delegatee.getKnownPropertyNames());
				this.known = known;
			}
			Map<String, String> given = new LinkedHashMap<>();
			TokenBuffer buffer = context.bufferForInputBuffering(parser);
			buffer.writeStartObject();
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				String declared = known.get(this.ignoreCase ? name.toLowerCase(Locale.ROOT) : name);
				if (declared == null) {
					throw new InvalidPropertyException(parser, PropertyNames.unknown(name, known.values()));
				}
				String earlier = given.putIfAbsent(declared, name);
				if (earlier != null) {
					throw new InvalidPropertyException(parser, PropertyNames.duplicate(earlier, name));
				}
				parser.nextToken();
				buffer.writeName(declared);
				buffer.copyCurrentStructure(parser);
			}
			buffer.writeEndObject();
			try (JsonParser properties = buffer.asParserOnFirstToken(context, parser)) {
				return this._delegatee.deserialize(properties, context);
			}
		}

		private Map<String, String> names(Collection<Object> declared) {
			Map<String, String> names = new LinkedHashMap<>();
			for (Object name : declared) {
				String text = name.toString();
				names.put(this.ignoreCase ? text.toLowerCase(Locale.ROOT) : text, text);
			}
			return names;
		}

	}

	/**
	 * A property the body's type does not have, or one given twice. Carries the caller's
	 * sentence apart from Jackson's message; Jackson adds the path of the object within
	 * the body ({@code messages[3]}) as the exception passes its parents.
	 */
	static final class InvalidPropertyException extends MismatchedInputException {

		private final String problem;

		InvalidPropertyException(JsonParser parser, String problem) {
			super(parser, problem);
			this.problem = problem;
		}

		String problem() {
			return this.problem;
		}

	}

}
