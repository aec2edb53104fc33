package dev.beacon.endpoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A component that exists in one {@link BeaconMode} only. Component scanning leaves it
 * out and that mode's {@link org.springframework.beans.factory.BeanRegistrar} registers
 * it at startup: Spring AOT fixes scanning and conditions when the image is built, and
 * re-runs registrars at every start, so one image serves both modes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RegisteredInMode {

	BeaconMode value();

}
