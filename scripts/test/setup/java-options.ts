import { realProcess } from '../helpers/home';

/**
 * The JVMs the tests start (apex-ls, and PMD through Code Analyzer) each run for seconds on a handful of classes, so
 * their start-up is most of their cost: the serial collector and the client compiler alone (no C2 tier) take about a
 * third less CPU for the same result. Java's launcher reads JDK_JAVA_OPTIONS
 * (https://docs.oracle.com/en/java/javase/17/docs/specs/man/java.html#using-the-jdk_java_options-launcher-environment-variable);
 * these options change how the JVM compiles and collects, never what the tools report. Set for the process that runs
 * the tests, so every JVM it or its child processes start inherits it; options the user set are left alone. The
 * product applies the same default itself (scripts/src/apex/apexls.ts FAST_JVM_OPTIONS, tested in
 * apex/jvm-options.test.ts); this keeps it fixed for the whole run, whatever order the files run in.
 */
const FAST_START = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1';
// Both the worker's real environment (what a spawn without `env` passes on) and this test file's copy of it (what
// the helpers spread into a child's `env`).
for (const env of [realProcess.env, process.env]) env.JDK_JAVA_OPTIONS ??= FAST_START;
