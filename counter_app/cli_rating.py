"""`counter-app rate` (the citizen's satisfaction rating) and `counter-app service-index` (Decision 766/QĐ-TTg).

    counter-app rate CODE --level 1..5 [--comment TEXT]
    counter-app service-index --from 2026-11-01 --to 2026-11-30 [--json] [--dossiers]
    counter-app service-index --period 2026-Q4 …

Levels: 1 rất hài lòng, 2 hài lòng, 3 bình thường, 4 không hài lòng, 5 rất không hài lòng. The figures and their
definitions: docs/REPORTS.md, "Chỉ số phục vụ người dân, doanh nghiệp".
"""

from __future__ import annotations

import argparse
import json

from counter_app import cli_common as common
from counter_app.cli_report import period_of


def cmd_rate(args: argparse.Namespace) -> int:
    from counter_app.services.dossiers import DossierNotFound

    services = common.open_services()
    try:
        try:
            result = services.service_index.rate(args.code, args.level, args.comment)
        except DossierNotFound as exc:
            raise common.CliError(str(exc), common.EXIT_NOT_FOUND) from None
        from counter_app.domain.satisfaction import level_of

        level = level_of(result.event.payload["level"])
        assert level is not None
        print(f"{result.code}: đã ghi nhận đánh giá «{level.label}» lúc {result.event.occurred_at:%H:%M %d/%m/%Y}.")
        return common.EXIT_OK
    finally:
        services.close()


def cmd_service_index(args: argparse.Namespace) -> int:
    from counter_app.domain.reports import PeriodError
    from counter_app.domain.service_index import DEFINITIONS, INDICATORS, SOURCE
    from counter_app.services.reports import ReportError

    period = period_of(args)
    services = common.open_services()
    try:
        try:
            index = services.service_index.index(period)
        except (PeriodError, ReportError) as exc:
            raise common.CliError(str(exc), common.EXIT_INVALID) from None
        if args.json:
            print(json.dumps(index.to_json(), ensure_ascii=False, indent=2))
            return common.EXIT_OK
        print(f"CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP — {index.period.label} ({index.period_line()})")
        print(f"Theo {SOURCE}.")
        for row in (index.total, *index.rows):
            print()
            print(row.label + (f" ({row.key})" if row.key else ""))
            for key, name in INDICATORS.items():
                indicator = row[key]
                print(f"  {name}: {indicator.text()}")
                if args.dossiers and indicator.numerator:
                    print("    " + ", ".join(indicator.numerator))
        print()
        print("Cách tính:")
        for key, text in DEFINITIONS.items():
            print(f"  - {INDICATORS[key]}: {text}")
        return common.EXIT_OK
    finally:
        services.close()


def add_commands(sub) -> None:
    rate = sub.add_parser(
        "rate",
        help="ghi nhận đánh giá mức độ hài lòng của người dân với một hồ sơ",
        description="Ghi nhận đánh giá mức độ hài lòng (không bắt buộc) của người nộp với hồ sơ CODE: 1 rất hài lòng, "
        "2 hài lòng, 3 bình thường, 4 không hài lòng, 5 rất không hài lòng. Đánh giá là một sự kiện của hồ sơ, "
        "được đồng bộ như các sự kiện khác; đánh giá sau cùng của hồ sơ được tính.",
    )
    rate.add_argument("code", help="mã hồ sơ")
    rate.add_argument("--level", required=True, help="mức độ hài lòng: 1 (rất hài lòng) … 5 (rất không hài lòng)")
    rate.add_argument("--comment", help="ý kiến của người dân (không bắt buộc)")
    rate.set_defaults(func=cmd_rate)

    index = sub.add_parser(
        "service-index",
        help="chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) theo kỳ và lĩnh vực",
        description="Tỷ lệ hồ sơ giải quyết đúng hạn, tỷ lệ hồ sơ yêu cầu bổ sung quá một lần (tính là quá hạn), "
        "tỷ lệ hồ sơ được số hóa và tỷ lệ hài lòng, theo kỳ và theo lĩnh vực, kèm các hồ sơ của từng chỉ tiêu.",
    )
    index.add_argument("--period", help="kỳ: 2026-11 (tháng), 2026-Q4 (quý), 2026-H2 (6 tháng), 2026 (năm)")
    index.add_argument("--from", dest="date_from", help="từ ngày (YYYY-MM-DD), với --to")
    index.add_argument("--to", dest="date_to", help="đến ngày (YYYY-MM-DD, tính cả ngày này)")
    index.add_argument("--json", action="store_true", help="in kết quả dạng JSON (kèm mã các hồ sơ)")
    index.add_argument("--dossiers", action="store_true", help="liệt kê mã hồ sơ của từng chỉ tiêu")
    index.set_defaults(func=cmd_service_index)


__all__ = ["add_commands", "cmd_rate", "cmd_service_index"]
