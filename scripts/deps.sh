# Installs the Debian packages the build needs, when any is missing.
# Sourced by scripts/run and scripts/test.
retention_packages=(
  cmake make g++ pkg-config python3 tzdata
  libcli11-dev       # command-line flags
  libfmt-dev         # text formatting of tables and reports
  nlohmann-json3-dev # JSON checks in the tests
  catch2             # unit tests (v2)
  zlib1g-dev         # reading .gz input
  libsimdjson-dev    # fast JSON / NDJSON input
  libhowardhinnant-date-dev # IANA time zones for --tz
  clang libclang-rt-14-dev  # libFuzzer targets (tests/fuzz)
  chromium                  # tests: rendering the HTML report headless
)

retention_install_deps() {
  local missing=()
  local pkg
  for pkg in "${retention_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >&2
  fi
}
