package dev.beacon.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A size setting that must lie within {@link #min()} and {@link #max()}, both inclusive
 * and written as Spring writes sizes ({@code 1KB}, {@code 64MB}); {@code null} is valid.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Constraint(validatedBy = DataSizeRange.Validator.class)
public @interface DataSizeRange {

	String min();

	String max();

	String message() default "must be from {min} to {max}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Compares the value with both bounds. */
	class Validator implements ConstraintValidator<DataSizeRange, DataSize> {

		private DataSize min = DataSize.ofBytes(0);

		private DataSize max = DataSize.ofBytes(Long.MAX_VALUE);

		@Override
		public void initialize(DataSizeRange range) {
			this.min = DataSize.parse(range.min());
			this.max = DataSize.parse(range.max());
		}

		@Override
		public boolean isValid(@Nullable DataSize value, ConstraintValidatorContext context) {
			return value == null || (value.compareTo(this.min) >= 0 && value.compareTo(this.max) <= 0);
		}

	}

}
