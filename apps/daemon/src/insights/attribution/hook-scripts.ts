/**
 * The git hooks ao gives agent sessions through `core.hooksPath` (set in their environment, never in a repository's
 * config). `commit-msg` adds the model's `Co-Authored-By` trailer and then runs the user's own commit-msg hook; every
 * other standard hook is a pass-through that runs the user's own hook of that name, so setting `core.hooksPath` takes
 * nothing away. Scripts are POSIX sh with no data in them: paths come from `$0` and the environment.
 */

/** Every hook git runs (githooks(5), git 2.39+). */
export const GIT_HOOK_NAMES = [
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-receive',
  'update',
  'proc-receive',
  'post-receive',
  'post-update',
  'reference-transaction',
  'push-to-checkout',
  'pre-auto-gc',
  'post-rewrite',
  'sendemail-validate',
  'fsmonitor-watchman',
  'p4-changelist',
  'p4-prepare-changelist',
  'p4-post-changelist',
  'p4-pre-submit',
  'post-index-change',
] as const;

/**
 * `ao-user-hook <name> [args...]`: runs the user's own hook `<name>` with the same arguments and stdin, or succeeds when
 * there is none. The user's hooks folder is their `core.hooksPath` from git's config files (ours, given by environment,
 * is left out by value), else `<common git dir>/hooks`.
 */
export const USER_HOOK_RUNNER = `#!/bin/sh
# Written by ao: runs the user's own git hook "$1" (ao sets core.hooksPath for agent sessions through the environment).
name="$1"; shift
ours=$(cd "$(dirname "$0")" && pwd -P)
dir=""
cfg=$(git config --type=path --get-all core.hooksPath 2>/dev/null)
if [ -n "$cfg" ]; then
  while IFS= read -r line; do
    resolved=$(cd "$line" 2>/dev/null && pwd -P)
    if [ "$resolved" != "$ours" ] && [ "$line" != "$ours" ]; then dir="$line"; fi
  done <<CFG
$cfg
CFG
fi
if [ -z "$dir" ]; then
  common=$(git rev-parse --git-common-dir 2>/dev/null) || exit 0
  dir="$common/hooks"
fi
resolved=$(cd "$dir" 2>/dev/null && pwd -P)
[ "$resolved" = "$ours" ] && exit 0
hook="$dir/$name"
if [ -f "$hook" ] && [ -x "$hook" ]; then exec "$hook" "$@"; fi
exit 0
`;

/** A pass-through hook: exec the user's own hook of the same name. */
export const passThroughHook = (name: string) => `#!/bin/sh
# Written by ao: runs your own ${name} hook, if you have one.
exec "$(dirname "$0")/ao-user-hook" ${name} "$@"
`;

/**
 * commit-msg: adds `Co-Authored-By: <model> <address>` (read from the file \`$AO_MODEL_FILE\`, else \`$AO_MODEL\`) unless
 * the same trailer is there, keeping every other trailer; then runs the user's commit-msg hook, whose failure fails
 * the commit.
 */
export const COMMIT_MSG_HOOK = `#!/bin/sh
# Written by ao: the model's Co-Authored-By trailer, then your own commit-msg hook.
msg="$1"
who=""
if [ -n "$AO_MODEL_FILE" ] && [ -r "$AO_MODEL_FILE" ]; then who=$(head -n 1 "$AO_MODEL_FILE"); fi
[ -z "$who" ] && who="$AO_MODEL"
if [ -n "$who" ] && [ -n "$msg" ]; then
  git interpret-trailers --in-place --if-exists addIfDifferent --trailer "Co-Authored-By: $who" "$msg" || exit 1
fi
exec "$(dirname "$0")/ao-user-hook" commit-msg "$@"
`;
