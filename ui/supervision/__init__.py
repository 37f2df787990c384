"""The supervisor's workspace: the review list, a session's threads and sign-off, the audit
trail viewer and who is working."""
