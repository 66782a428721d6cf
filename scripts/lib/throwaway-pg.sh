# shellcheck shell=bash
#
# A throwaway PostgreSQL server on loopback, for the test suite (run-tests)
# and the benchmarks (bench/run). Source this file after defining log() and
# die(); it defines functions only.
#
#   trap 'rc=$?; throwaway_pg_stop; exit $rc' EXIT
#   throwaway_pg_start fast      # or: durable
#   # now PG_URL (jdbc:postgresql://127.0.0.1:PORT/postgres), PG_USER,
#   # PG_PASSWORD, PG_PORT, PG_TMP and PG_VERSION are set
#
# "fast" turns fsync, synchronous_commit and full_page_writes off (tests throw
# the data away); "durable" keeps PostgreSQL's defaults, so a commit is on disk
# (benchmarks that claim "durably stored" use it).
#
# The system's own Debian cluster (pg_ctlcluster/systemd) is never used. As root
# the server runs as the `postgres` OS user (PostgreSQL refuses root).
# Optional: STEWARD_PG_BINDIR points at a PostgreSQL bin directory to use
# instead of the newest /usr/lib/postgresql/<version>/bin.

PG_TMP=
PG_STARTED=

is_root() { [[ $(id -u) -eq 0 ]]; }

# Prints the newest PostgreSQL server bin directory, or returns 1.
find_pg_bindir() {
    local d
    # Debian keeps each major version's server binaries under its own
    # directory and does not put initdb/pg_ctl on PATH.
    local -a dirs=()
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && dirs+=("$d")
    done
    (( ${#dirs[@]} > 0 )) || return 1
    printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
}

# Installs the Debian `postgresql` package, quietly unless it fails.
install_postgresql() {
    local apt_log
    apt_log=$(mktemp "${TMPDIR:-/tmp}/steward-apt.XXXXXX")
    log "PostgreSQL server binaries not found; installing the Debian 'postgresql' package..."
    if ! { apt-get update -q \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
         } >"$apt_log" 2>&1 </dev/null; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        die "installing PostgreSQL with apt-get failed; apt's output is above."
    fi
    rm -f "$apt_log"
}

# Stops the server and deletes its files; safe to call when nothing was started.
# Callers run it from their EXIT trap.
throwaway_pg_stop() {
    if [[ -n $PG_STARTED ]]; then
        # Fast shutdown waits for nothing but is clean; the data is thrown
        # away anyway, so fall back to immediate if it does not finish.
        as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || log "warning: could not stop PostgreSQL (data dir $PG_TMP/data)"
    fi
    if [[ -n $PG_TMP ]]; then
        rm -rf -- "$PG_TMP"
    fi
    PG_STARTED=
    PG_TMP=
}

throwaway_pg_start() {
    case ${1:-fast} in
        fast) PG_SETTINGS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" ;;
        durable) PG_SETTINGS="-c max_connections=300" ;;
        *) die "throwaway_pg_start: unknown mode '$1' (fast or durable)" ;;
    esac
    if [[ -n ${STEWARD_PG_BINDIR:-} ]]; then
        [[ -x $STEWARD_PG_BINDIR/initdb && -x $STEWARD_PG_BINDIR/pg_ctl && -x $STEWARD_PG_BINDIR/postgres ]] \
            || die "STEWARD_PG_BINDIR=$STEWARD_PG_BINDIR does not contain initdb, pg_ctl and postgres."
        PG_BIN=$STEWARD_PG_BINDIR
    elif ! PG_BIN=$(find_pg_bindir); then
        if is_root; then
            command -v apt-get >/dev/null 2>&1 \
                || die "PostgreSQL server binaries not found and apt-get is unavailable; install the PostgreSQL server (initdb, pg_ctl, postgres) or set STEWARD_TEST_PG_URL."
            install_postgresql
            PG_BIN=$(find_pg_bindir) \
                || die "the 'postgresql' package is installed but no /usr/lib/postgresql/<version>/bin/{initdb,pg_ctl,postgres} was found."
        else
            die "PostgreSQL server binaries not found (looked for /usr/lib/postgresql/<version>/bin/initdb). Install them with:
        sudo apt-get install -y --no-install-recommends postgresql
    or set STEWARD_PG_BINDIR to a PostgreSQL bin directory, or STEWARD_TEST_PG_URL (plus _USER and _PASSWORD) to an existing server."
        fi
    fi

    # PostgreSQL refuses to run as root, so as root we run it as the `postgres`
    # user that the Debian package creates; otherwise as ourselves.
    if is_root; then
        PG_OS_USER=postgres
        id -u "$PG_OS_USER" >/dev/null 2>&1 \
            || die "running as root, but there is no '$PG_OS_USER' OS user to run PostgreSQL as (the Debian 'postgresql' package creates it)."
        command -v runuser >/dev/null 2>&1 \
            || die "running as root, but 'runuser' (util-linux) is missing; it is needed to run PostgreSQL as '$PG_OS_USER'."
        # The postgres user must be able to reach the temp dir, and $TMPDIR may be
        # private to root, hence /tmp.
        PG_TMP_PARENT=/tmp
    else
        PG_OS_USER=$(id -un)
        PG_TMP_PARENT=${TMPDIR:-/tmp}
    fi

    # Runs a command as the PostgreSQL OS user, from inside the temp dir (its
    # home or our cwd may be unreadable to it, which makes the tools complain).
    as_pg() {
        if is_root; then
            (cd "$PG_TMP" && runuser -u "$PG_OS_USER" -- "$@")
        else
            (cd "$PG_TMP" && "$@")
        fi
    }


    # A short name keeps the Unix socket path (in this dir) under its length limit.
    PG_TMP=$(mktemp -d "$PG_TMP_PARENT/steward-pg.XXXXXX")

    PG_USER=steward
    PG_PASSWORD=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
    # Created before the chown below and readable only by its owner.
    (umask 077 && printf '%s\n' "$PG_PASSWORD" >"$PG_TMP/pwfile")
    if is_root; then
        chown -R "$PG_OS_USER:" "$PG_TMP"
    fi

    # C.UTF-8 gives Unicode-aware upper()/lower() yet needs no generated locales
    # (glibc ships it); plain C is the fallback where it does not exist.
    available_locales=$(locale -a 2>/dev/null || true)
    if [[ $'\n'$available_locales$'\n' =~ $'\n'[Cc]\.(UTF-8|utf8)$'\n' ]]; then
        PG_LOCALE=C.UTF-8
    else
        PG_LOCALE=C
    fi

    # --no-sync: the cluster is thrown away, so durability is pointless.
    if ! as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U "$PG_USER" --pwfile="$PG_TMP/pwfile" \
            -A scram-sha-256 --no-sync -E UTF8 --locale="$PG_LOCALE" >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        die "initdb failed; its output is above."
    fi
    rm -f "$PG_TMP/pwfile"

    # True if something already listens on 127.0.0.1:$1.
    port_in_use() {
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    }

    # Pick a random high port that is free. Another process can still grab it
    # before the server binds, so a bind failure is retried with another port.
    PG_PORT=
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        port=$(( 20000 + RANDOM % 40000 ))
        port_in_use "$port" && continue
        # -k puts the Unix socket in our temp dir
        # instead of /var/run/postgresql, which may not exist or be writable.
        if as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k '$PG_TMP' $PG_SETTINGS" \
                start >"$PG_TMP/pg_ctl.log" 2>&1; then
            PG_PORT=$port
            PG_STARTED=1
            break
        fi
        # pg_ctl can time out while the server is still coming up; make sure no
        # half-started server is left behind before deciding what to do.
        as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
        if ! grep -qE 'could not bind|Address already in use' "$PG_TMP/server.log" 2>/dev/null; then
            cat "$PG_TMP/pg_ctl.log" >&2 || true
            log "PostgreSQL failed to start; last lines of its log:"
            tail -n 40 "$PG_TMP/server.log" >&2 2>/dev/null || true
            die "could not start PostgreSQL (see above)."
        fi
        log "port $port was taken, trying another"
        : >"$PG_TMP/server.log"
    done
    [[ -n $PG_PORT ]] || die "could not find a free TCP port for PostgreSQL after 10 attempts."
    PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
    PG_VERSION=$("$PG_BIN/postgres" --version 2>/dev/null | sed -E 's/^postgres \(PostgreSQL\) //' || true)
}
