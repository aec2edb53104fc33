package dev.beacon.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one scope a handler needs, declared once where the handler is: on the method, else
 * on its controller. A caller without a credential gets {@code 401}; one without the
 * scope (or {@link Scope#ADMIN}) gets {@code 403} naming it. The OpenAPI document shows
 * it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresScope {

	Scope value();

}
