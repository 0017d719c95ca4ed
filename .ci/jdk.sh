# Sourced by .ci/run and ./cadencia: exports JAVA_HOME for the JDK the build needs, the Java of the Lambda runtime
# (pom.xml <java.version>, template.yaml Runtime). These machines' default `java` is a JDK 17, so the JDK is chosen
# explicitly: JAVA_HOME if it already is that version, else the first such JDK under /usr/lib/jvm (Temurin's here).
cadencia_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cadencia_java=$(sed -n 's:.*<java.version>\(.*\)</java.version>.*:\1:p' "$cadencia_root/pom.xml")
jdk_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/javac" ] || [ "$(jdk_version "$JAVA_HOME")" != "$cadencia_java" ]; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(jdk_version "$candidate")" = "$cadencia_java" ]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "Cadência needs a JDK $cadencia_java (the Java of its Lambda runtime); none under /usr/lib/jvm. Set JAVA_HOME to one." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8.7's own Guava uses sun.misc.Unsafe, which JDK 24+ warns about on every run; allowed for Maven's JVM only.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
