"""Trade and caps: the 1718 regime's trade rules as data, partner-reported (Comtrade) trade checks,
the refined-petroleum tally against the cap with the estimate from tanker calls."""

from __future__ import annotations

from sanctionwatch.trade.casework import open_trade_cases
from sanctionwatch.trade.checks import check_trade
from sanctionwatch.trade.comtrade import parse_comtrade
from sanctionwatch.trade.tankers import SCENARIOS, estimate, read_capacities, tanker_calls
from sanctionwatch.trade.petroleum import add_delivery, import_deliveries, list_deliveries, tally
from sanctionwatch.trade.records import import_trade, list_imports, trade_rows
from sanctionwatch.trade.rules import rules, rules_show
from sanctionwatch.trade.tally_report import petroleum_tally

__all__ = ["rules", "rules_show", "parse_comtrade", "import_trade", "list_imports", "trade_rows", "check_trade",
           "open_trade_cases", "add_delivery", "import_deliveries", "list_deliveries", "tally", "estimate",
           "tanker_calls", "read_capacities", "SCENARIOS", "petroleum_tally"]
