#!/bin/sh
# A stand-in for sendmail in the tests (unit/test_notify.c, http/notifications.test.mjs).
# Writes the message read on standard input to $FAKE_SENDMAIL_DIR/mail.N (N = 1, 2, ...)
# and its arguments to mail.N.args.  When $FAKE_SENDMAIL_DIR/fail exists it reads the
# message, says so on standard error and exits 75 (EX_TEMPFAIL); when .../hang exists it
# sleeps for a minute (a sendmail that does not finish).
dir=${FAKE_SENDMAIL_DIR:?FAKE_SENDMAIL_DIR is not set}
if [ -e "$dir/hang" ]; then exec sleep 60; fi
if [ -e "$dir/fail" ]; then
    cat > /dev/null
    echo "fake sendmail: temporary failure
second line" >&2
    exit 75
fi
n=1
while [ -e "$dir/mail.$n" ]; do n=$((n + 1)); done
cat > "$dir/tmp.$$"
echo "$*" > "$dir/mail.$n.args"
mv "$dir/tmp.$$" "$dir/mail.$n"
