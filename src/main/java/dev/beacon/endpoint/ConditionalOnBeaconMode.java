package dev.beacon.endpoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A bean that exists only in one mode: {@link BeaconMode#AZURE} when a connection string
 * or a list of endpoints is configured, {@link BeaconMode#LOCAL} otherwise.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnBeaconMode.OnBeaconModeCondition.class)
public @interface ConditionalOnBeaconMode {

	BeaconMode value();

	/**
	 * Matches when the mode the environment implies is the annotated one.
	 */
	class OnBeaconModeCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnBeaconMode.class.getName());
			BeaconMode wanted = (BeaconMode) attributes.get("value");
			BeaconMode actual = ConfiguredEndpoints.present(context.getEnvironment()) ? BeaconMode.AZURE
					: BeaconMode.LOCAL;
			return wanted == actual;
		}

	}

}
