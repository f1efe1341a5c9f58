"""Periodic chores in each server process: erasing depositors' e-mail addresses once their
retention period after moderation has passed, and deleting self-evaluations abandoned as
drafts. (Idempotent, so every worker may run it.)"""

from __future__ import annotations

import logging
import threading

from app.config import Settings
from app.db import Database
from app.services import submissions
from app.services.assessments import retention

log = logging.getLogger("app.maintenance")
EVERY_SECONDS = 3600.0


class Maintenance:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ckb-maintenance", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def run_once(self) -> int:
        with self.db.writing() as session:
            erased = submissions.erase_expired_emails(
                session, retention_days=self.settings.depositor_email_retention_days
            )
        if erased:
            log.info("erased %d depositor e-mail addresses past their retention period", erased)
        with self.db.writing() as session:
            abandoned = retention.erase_abandoned(session, retention_days=self.settings.assessment_retention_days)
        if abandoned:
            log.info("deleted %d self-evaluation drafts untouched past their retention period", abandoned)
        return erased

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("maintenance failed; will try again")
            self._stop.wait(EVERY_SECONDS)
