"""お出かけ支援 (outings by taxi). What the dispatch-plan screens and papers read:

- the day: ``OutingDay`` (date, ``arrive_by``, ``leave_at`` — None for one way) and its outing's
  ``destination_point()``;
- who rides: ``Participant.objects.on_day(day)`` — ``latitude``/``longitude`` (always set), ``seats``
  (2 with a companion), ``wheelchair``, ``help_boarding``, ``front_seat``, ``max_ride_minutes`` (None:
  the plan's rule); ``for_company()`` are those whose name, address and needs may go on a company's
  paper (consent recorded) — build company papers from it, never from the whole list;
- rules between riders: ``outing.pairs`` (``RidePair.together`` True: same car, False: apart);
- cars: ``day.bookings.usable()`` — ``company``, ``vehicle`` (``seats``, ``wheelchair_spaces``), ``count``;
- fares: ``Tariff.objects.rules_on(day, ward=…, company=…)`` with ``fares.fare(km, rules, night=…,
  disability=…, tickets=…)``;
- access: ``services.can_see_participants(user, outing)`` before showing personal data, and
  ``services.looked_at_participants(user, outing)`` for every page or paper that shows it (audit).
"""
