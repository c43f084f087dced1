"""The working-time calendar: clocks that count only working days (weekends and Dutch public
holidays excluded), or plain calendar time, in the configured time zone.

A working day counts from 00:00 to 24:00 local wall-clock time, so "48 hours" from Friday 16:00 is
Tuesday 16:00 (SPEC §4). Summer-time changes fall on Sundays, which do not count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays

from klacht.config import Settings

DAY = timedelta(days=1)


class Calendar:
    """Working days and working time for one register's settings."""

    def __init__(self, settings: Settings) -> None:
        self.tz = settings.tz
        self.working = settings.clock == "working"
        self.workdays = frozenset(settings.workdays)
        self.country = settings.holidays_country
        self.extra = settings.extra_holidays
        self.removed = {value.lower() for value in settings.removed_holidays}
        self._years: dict[int, frozenset[date]] = {}

    def holidays_of(self, year: int) -> frozenset[date]:
        """The days off of `year`: the country's holidays, changed by the settings."""
        if year not in self._years:
            days = {day for day, names in self._public(year) if not names & self.removed}
            for value in self.extra:
                try:  # a yearly 02-29 exists in leap years only
                    day = date.fromisoformat(value if len(value) == 10 else f"{year}-{value}")
                except ValueError:
                    continue
                if day.year == year:
                    days.add(day)
            self._years[year] = frozenset(days)
        return self._years[year]

    def _public(self, year: int) -> list[tuple[date, set[str]]]:
        """The country's public holidays of `year`, each with the keys that can remove it: its
        date, its yearly "MM-DD", and its names (English and Dutch, lower case)."""
        if not self.country:
            return []
        default = holidays.country_holidays(self.country, years=year)
        try:
            dutch = holidays.country_holidays(self.country, years=year, language="nl")
        except (NotImplementedError, ValueError):
            dutch = default
        return [
            (day, {day.isoformat(), day.strftime("%m-%d"), name.lower(), dutch[day].lower()})
            for day, name in default.items()
        ]

    def is_workday(self, day: date) -> bool:
        return day.isoweekday() in self.workdays and day not in self.holidays_of(day.year)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz)

    def add(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` of working time (or calendar time) after `start`."""
        if not self.working:
            return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(self.tz)
        left = timedelta(hours=hours)
        cursor = self._local(start)
        for _ in range(20_000):  # about 55 years of days: far beyond any clock
            next_midnight = datetime.combine(cursor.date() + DAY, time())
            if self.is_workday(cursor.date()):
                if left <= next_midnight - cursor:
                    return self._aware(cursor + left)
                left -= next_midnight - cursor
            cursor = next_midnight
        raise ValueError("no working days in the calendar")

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Working time (or calendar time) from `start` to `end`; negative when end < start."""
        if end < start:
            return -self.elapsed(end, start)
        if not self.working:  # in UTC: aware datetimes of one zone subtract as wall clocks
            return end.astimezone(UTC) - start.astimezone(UTC)
        first, last = self._local(start), self._local(end)
        if first.date() == last.date():
            return last - first if self.is_workday(first.date()) else timedelta()
        total = timedelta()
        if self.is_workday(first.date()):
            total += datetime.combine(first.date() + DAY, time()) - first
        if self.is_workday(last.date()):
            total += last - datetime.combine(last.date(), time())
        return total + DAY * self.workdays_between(first.date() + DAY, last.date())

    def workdays_between(self, first: date, stop: date) -> int:
        """The number of working days from `first` up to, not including, `stop`."""
        days = (stop - first).days
        if days <= 0:
            return 0
        weeks, rest = divmod(days, 7)
        count = weeks * len(self.workdays)
        count += sum((first + DAY * i).isoweekday() in self.workdays for i in range(rest))
        for year in range(first.year, stop.year + 1):
            count -= sum(
                first <= d < stop and d.isoweekday() in self.workdays
                for d in self.holidays_of(year)
            )
        return count
