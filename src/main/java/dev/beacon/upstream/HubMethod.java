package dev.beacon.upstream;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles a client invocation
 * ({@code connection.invoke(name, ...)} or {@code send}) arriving through the upstream.
 * Parameters are bound from the invocation's arguments by Jackson, in order; an
 * {@link InvocationContext} parameter, if any, receives the caller. The return value
 * becomes the invocation's result. <pre class="code">
 * &#64;HubMethod(hub = "notifications", name = "echo")
 * String echo(InvocationContext caller, String text) {
 *     return caller.userId() + ": " + text;
 * }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HubMethod {

	/** Registers the method on every configured hub. */
	String EVERY_HUB = "*";

	/**
	 * The hub, matched case-insensitively; empty means the default hub,
	 * {@value #EVERY_HUB} every configured hub.
	 */
	String hub() default "";

	/**
	 * The method name clients invoke, matched case-insensitively as ASP.NET Core does.
	 */
	String name();

}
