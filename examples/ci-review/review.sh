#!/bin/sh
# A dry run for code review: runs the playbook with --check, writes the plan as markdown
# (--report), and posts it as a comment on the merge request when the CI gives one.
#
#   examples/ci-review/review.sh -i inventory -e @globals.yml --secret-vars @passwords.yml site.yml
#
# The arguments are tsible-playbook's; --check, --report and --detailed-exitcode are added.
# Environment:
#   TSIBLE_PLAYBOOK   the command (default: tsible-playbook)
#   REPORT            the plan's file (default: tsible-plan.md), kept as a CI artifact
#   GitLab merge request pipelines: CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID
#   are set by GitLab; REVIEW_TOKEN is a token that may comment (api scope). Without them
#   the plan is only written and printed.
#   REVIEW_FAIL_ON_CHANGES=1  exit 2 when the plan has changes (default: 0, the reviewer decides)
# Exit status: 0 the plan is empty or has changes, 2 changes with REVIEW_FAIL_ON_CHANGES=1,
# 1 a host would fail, or tsible-playbook's own code when it could not plan (4, 5...).
set -u

TSIBLE_PLAYBOOK=${TSIBLE_PLAYBOOK:-tsible-playbook}
REPORT=${REPORT:-tsible-plan.md}

$TSIBLE_PLAYBOOK --check --detailed-exitcode --report "$REPORT" "$@"
rc=$?
case $rc in
  0) status="No changes." ;;
  2) status="This change would modify hosts (see below)." ;;
  1) status="**The dry run failed on some hosts** (see below)." ;;
  *) status="**The dry run could not run** (tsible-playbook exit code $rc)." ;;
esac

if [ -f "$REPORT" ]; then
  body=$(printf '%s\n\n%s\n' "$status" "$(cat "$REPORT")")
else
  body=$status
fi

if [ -n "${CI_MERGE_REQUEST_IID:-}" ] && [ -n "${REVIEW_TOKEN:-}" ]; then
  # GitLab caps a comment at 1,000,000 characters: a longer plan is cut, the artifact has it all.
  json=$(printf '%s' "$body" | node -e '
    let s = require("fs").readFileSync(0, "utf8")
    const max = 990000
    if (s.length > max) s = s.slice(0, max) + "\n\n(The plan is cut here: the job artifact has all of it.)\n"
    process.stdout.write(JSON.stringify({ body: s }))')
  if ! curl --silent --show-error --fail --request POST \
      --header "PRIVATE-TOKEN: $REVIEW_TOKEN" --header "Content-Type: application/json" \
      --data-binary "$json" \
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" >/dev/null; then
    echo "review.sh: could not post the plan to the merge request" >&2
    [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] && rc=1
  fi
fi

if [ "$rc" -eq 2 ] && [ "${REVIEW_FAIL_ON_CHANGES:-0}" != 1 ]; then rc=0; fi
exit "$rc"
