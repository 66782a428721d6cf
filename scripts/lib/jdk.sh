# shellcheck shell=bash
#
# JDK discovery shared by Steward's shell tooling. Source this file; it only
# defines functions and never changes the caller's shell options (set -e etc.).
#
#   JAVA=$(steward_find_jdk) || exit 1
#
# Why this exists: Steward needs Java 21+, but on a stock Debian 12 machine the
# default `java` is 17, and newer JDKs (e.g. Temurin) are installed next to it
# under /usr/lib/jvm without becoming the default. So we look past PATH.

# Minimum Java feature release Steward runs on.
STEWARD_MIN_JAVA_MAJOR=21

# Prints the version string of a java binary as reported in the quotes of
# `java -version`, e.g. 17.0.15, 25.0.1, 21, 1.8.0_392, 21-ea.
# Returns 1 if the binary cannot be run or the output is not understood.
steward_java_version() {
    local java=$1 out
    # -version writes to stderr; JAVA_TOOL_OPTIONS may add a "Picked up ..."
    # line before it, so match the quoted version anywhere, not on line 1.
    out=$("$java" -version 2>&1) || return 1
    if [[ $out =~ version\ \"([^\"]+)\" ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
    else
        return 1
    fi
}

# Prints the major (feature) version of a java binary: 8 for "1.8.0_392",
# 17 for "17.0.15", 21 for "21" or "21-ea". Returns 1 if unknown.
steward_java_major() {
    local version
    version=$(steward_java_version "$1") || return 1
    if [[ $version =~ ^1\.([0-9]+) ]]; then
        # Pre-JDK 9 scheme: 1.<major>.<minor>
        printf '%s\n' "${BASH_REMATCH[1]}"
    elif [[ $version =~ ^([0-9]+) ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
    else
        return 1
    fi
}

# Prints the path of a `java` binary of major version >= 21. Search order:
#   1. $JAVA_HOME/bin/java   (an explicit choice wins if it is new enough)
#   2. `java` on PATH
#   3. /usr/lib/jvm/*/bin/java, highest version first
#      (STEWARD_JVM_DIR overrides /usr/lib/jvm, mainly for testing)
# On failure prints what was searched and how to fix it to stderr, returns 1.
steward_find_jdk() {
    local min=$STEWARD_MIN_JAVA_MAJOR
    local jvm_dir=${STEWARD_JVM_DIR:-/usr/lib/jvm}
    local -a tried=()   # human-readable report lines for the failure message
    local java version major

    # 1 and 2: the candidates the user configured, in order of precedence.
    local -a configured=()
    if [[ -n ${JAVA_HOME:-} ]]; then
        configured+=("$JAVA_HOME/bin/java")
    else
        tried+=("\$JAVA_HOME/bin/java: JAVA_HOME is not set")
    fi
    if java=$(command -v java 2>/dev/null); then
        configured+=("$java")
    else
        tried+=("java on PATH: not found")
    fi
    for java in "${configured[@]}"; do
        if [[ ! -x $java ]]; then
            tried+=("$java: not an executable file")
        elif ! version=$(steward_java_version "$java") \
                || ! major=$(steward_java_major "$java"); then
            tried+=("$java: could not determine its version")
        elif (( major >= min )); then
            printf '%s\n' "$java"
            return 0
        else
            tried+=("$java: version $version is too old")
        fi
    done

    # 3: installed JDKs. Debian installs several aliases (symlinks) per JDK,
    # so de-duplicate on the resolved path, then take the highest version.
    local -a found=()   # "version<TAB>path" lines of usable JDKs
    local -A seen=()
    local real
    for java in "$jvm_dir"/*/bin/java; do
        [[ -x $java ]] || continue
        real=$(readlink -f -- "$java" 2>/dev/null || printf '%s' "$java")
        [[ -z ${seen[$real]:-} ]] || continue
        seen[$real]=1
        if ! version=$(steward_java_version "$java") \
                || ! major=$(steward_java_major "$java"); then
            tried+=("$java: could not determine its version")
        elif (( major >= min )); then
            found+=("$version"$'\t'"$java")
        else
            tried+=("$java: version $version is too old")
        fi
    done
    if (( ${#seen[@]} == 0 )); then
        tried+=("$jvm_dir/*/bin/java: no JDKs installed there")
    fi
    if (( ${#found[@]} > 0 )); then
        # sort -V orders 21 < 21.0.2 < 25 < 25.0.1 correctly.
        printf '%s\n' "${found[@]}" | sort -t $'\t' -k1,1V | tail -n 1 | cut -f 2-
        return 0
    fi

    {
        echo "steward: no Java $min or newer found. Searched, in order:"
        printf '  - %s\n' "${tried[@]}"
        echo "To fix: install a JDK $min or newer (e.g. Eclipse Temurin from https://adoptium.net;"
        echo "Debian 12's own openjdk-17 is too old) under $jvm_dir, or set JAVA_HOME to"
        echo "the JDK's directory (the one containing bin/java)."
    } >&2
    return 1
}
