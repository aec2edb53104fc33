package dev.beacon.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body whose every property must be one the type declares. An unknown property
 * is a 400 naming it and, when one is close, the property meant ({@code "group" is not a
 * property; did you mean "groupName"?}), so a misspelt recipient can never be dropped and
 * the message sent to everyone instead. A property given twice (in any two spellings it
 * accepts) is a 400 too, never a silent pick. Values inside a property (a map, the
 * arguments of a message) are free. Enforced for every JSON reader of the application by
 * {@link KnownPropertiesModule}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RefusesUnknownProperties {

	/**
	 * Whether property names match whatever their case, as the SignalR Service and the
	 * Azure Functions bindings match {@code Target}, {@code GroupName} or {@code UserId}.
	 * Names are then passed on in the type's own spelling.
	 * @return true to match names case-insensitively
	 */
	boolean ignoreCase() default false;

}
