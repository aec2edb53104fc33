import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * Beacon's start-up timeline: starts the application (Spring AOT on, as the image runs it)
 * with Spring's BufferingApplicationStartup, stops it once ready, and prints where the
 * time went: each step's own time (its duration less its children's), the steps summed by
 * whose bean they create (Beacon's, Spring Boot's and Spring's, the rest by library), and the
 * slowest steps. Built and run by cold-start.sh with the image's JVM flags and an AOT cache
 * trained on this launcher, so the figures match a start of the image.
 */
public final class StartupTimeline {

	public static void main(String[] args) throws Exception {
		Class<?> application = Class.forName(System.getProperty("timeline.main", "dev.beacon.BeaconApplication"));
		BufferingApplicationStartup startup = new BufferingApplicationStartup(100_000);
		SpringApplication spring = new SpringApplication(application);
		spring.setApplicationStartup(startup);
		// The AOT initializer is found by the main class's name.
		spring.setMainApplicationClass(application);
		long start = System.nanoTime();
		ConfigurableApplicationContext context = spring.run(args);
		long run = System.nanoTime() - start;
		long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
		List<TimelineEvent> events = startup.getBufferedTimeline().getEvents();

		Map<Long, Long> children = new HashMap<>();
		for (TimelineEvent event : events) {
			Long parent = event.getStartupStep().getParentId();
			if (parent != null) {
				children.merge(parent, event.getDuration().toNanos(), Long::sum);
			}
		}
		List<Step> steps = new ArrayList<>();
		for (TimelineEvent event : events) {
			StartupStep step = event.getStartupStep();
			long self = event.getDuration().toNanos() - children.getOrDefault(step.getId(), 0L);
			String bean = null;
			for (StartupStep.Tag tag : step.getTags()) {
				if (tag.getKey().equals("beanName")) {
					bean = tag.getValue();
				}
			}
			Class<?> type = (bean != null) ? typeOf(context, bean) : null;
			steps.add(new Step(step.getName(), bean, type, self));
		}
		context.close();

		System.out.printf("JVM start to ready: %d ms (SpringApplication.run %d ms, before it %d ms)%n", uptime,
				run / 1_000_000, uptime - run / 1_000_000);
		Map<String, long[]> owners = new TreeMap<>();
		for (Step step : steps) {
			long[] sum = owners.computeIfAbsent(step.owner(), (owner) -> new long[2]);
			sum[0] += step.self();
			sum[1]++;
		}
		System.out.println("\nOwn time by whose bean the step creates (ms, steps):");
		owners.entrySet()
			.stream()
			.sorted(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> entry.getValue()[0]).reversed())
			.limit(25)
			.forEach((entry) -> System.out.printf("%8.1f %5d  %s%n", entry.getValue()[0] / 1e6, entry.getValue()[1],
					entry.getKey()));
		System.out.println("\nSlowest steps by own time (ms):");
		steps.stream()
			.sorted(Comparator.comparingLong(Step::self).reversed())
			.limit(30)
			.forEach((step) -> System.out.printf("%8.1f  %s%n", step.self() / 1e6, step.describe()));
	}

	private static Class<?> typeOf(ConfigurableApplicationContext context, String bean) {
		try {
			return context.getBeanFactory().getType(bean);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private record Step(String name, String bean, Class<?> type, long self) {

		/** Beacon's package, or the library's first three package names, or the step. */
		String owner() {
			if (this.bean == null) {
				return "(" + this.name + ")";
			}
			if (this.type == null) {
				return "(unknown type)";
			}
			String[] parts = this.type.getName().split("\\.");
			return String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1)));
		}

		String describe() {
			return (this.bean != null) ? this.name + " " + this.bean + " ("
					+ ((this.type != null) ? this.type.getName() : "?") + ")" : this.name;
		}

	}

}
