# Installs the Debian packages that are missing. Sourced by scripts/run
# (build packages), scripts/test (build and test packages) and
# scripts/fuzz (build packages and clang).
retention_build_packages=(
  cmake make g++ pkg-config tzdata
  libcli11-dev              # command-line flags
  libfmt-dev                # text formatting of tables and reports
  nlohmann-json3-dev        # JSON output of validate
  zlib1g-dev                # reading .gz input
  libsimdjson-dev           # fast JSON / NDJSON input
  libxxhash-dev             # validate: fast row hashes for the duplicate check
  libhowardhinnant-date-dev # IANA time zones for --tz
  libnlopt-cxx-dev          # clv: maximum-likelihood fits of the BG/NBD and Gamma-Gamma models
  libboost-math-dev         # clv: digamma and other special functions of the likelihoods
  libpq-dev                 # reading orders straight from PostgreSQL (libpq)
)
retention_fuzz_packages=(
  clang libclang-rt-14-dev  # scripts/fuzz: the libFuzzer targets of tests/fuzz
)
retention_test_packages=(
  catch2                    # unit tests (v2)
  python3                   # tests: documented examples, JSON checks
  chromium                  # tests: rendering the HTML report headless
  man-db                    # tests: the generated man page renders (man -l) without warnings
  prometheus                # tests: promtool checks --format openmetrics output
  sqlite3                   # tests/sql: runs `retention sql --dialect sqlite`
  postgresql                # tests/sql: a throwaway PostgreSQL 15 runs the postgres SQL
  nodejs                    # tests/sql: DuckDB (@duckdb/node-api) and the SQL parsers
  jq                        # tests: the jq commands that messages print run as printed
)

# retention_install_deps build|test|fuzz
retention_install_deps() {
  local wanted=("${retention_build_packages[@]}")
  [ "${1:-build}" = test ] && wanted+=("${retention_test_packages[@]}")
  [ "${1:-build}" = fuzz ] && wanted+=("${retention_fuzz_packages[@]}")
  local missing=()
  local pkg
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  # npm comes with NodeSource's nodejs; Debian's nodejs needs the npm
  # package (which would conflict with NodeSource's), so ask for it only
  # when there is no npm command.
  if [ "${1:-build}" = test ] && ! command -v npm >/dev/null; then missing+=(npm); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
  fi
}
