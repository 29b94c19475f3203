"""The receipt's render alone (`render_receipt`, two copies, Code128 + QR) over a fixed corpus of receipt data.

    uv run --frozen python -m benchmarks.receipt_render [--rounds 5] [--paper A5] [--profile]

No store, no database: `receipt_corpus()` is a deterministic list of ReceiptData (0 to 10 documents plus a few
longer lists, short and long names, optional lines on and off, with and without the signed QR), the same one
tests/test_receipt_fit.py freezes the PDF bytes of. Prints median / p95 / max per paper over every receipt of the
corpus, rendered `--rounds` times each (the first pass is a warm-up, not counted), and the same by document count
for A5, where long lists need tighter settings to fit the page. `--profile` prints cProfile's top functions
instead. A script, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

from counter_app.domain.slip_code import b64url
from counter_app.printing.data import AgencyInfo, ReceiptData, ReceivedDocument

_TZ = timezone(timedelta(hours=7))
_SHORT_NAMES = (
    "Đơn đề nghị",
    "Ảnh 4x6 cm",
    "Bản sao CCCD",
    "Văn bằng chuyên môn",
    "Tờ khai theo mẫu",
)
_LONG_NAMES = (
    "Đơn đề nghị cấp chứng chỉ nhân viên bức xạ theo mẫu, có dán ảnh",
    "Bản sao văn bằng, chứng chỉ chuyên môn phù hợp với công việc đảm nhiệm",
    "Phiếu khám sức khỏe tại cơ sở y tế từ cấp huyện trở lên, cấp không quá 06 tháng",
    "Kết quả đo liều kế cá nhân trong thời gian hiệu lực của giấy phép đề nghị gia hạn",
    "Phiếu khai báo nhân viên bức xạ hoặc người phụ trách an toàn bức xạ (nếu có thay đổi so với hồ sơ cấp "
    "giấy phép gần nhất)",
    "Báo cáo đánh giá an toàn bức xạ (nếu có thay đổi so với hồ sơ cấp giấy phép gần nhất)",
)
_KINDS = ("Bản chính", "Bản sao chứng thực", "Bản photo", "Bản chính hoặc bản sao")
_PROCEDURES = (
    "Cấp chứng chỉ nhân viên bức xạ",
    "Gia hạn giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
    "Đăng ký thành lập hộ kinh doanh",
)
_AGENCIES = (
    AgencyInfo(governing_name="UBND TỈNH YÊN BÁI", place="Yên Bái", phone="0216 3852 123"),
    AgencyInfo(),
    AgencyInfo(
        governing_name="ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
        name="SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH LÀO CAI",
        unit_name="BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ THỦ TỤC HÀNH CHÍNH",
        place="Lào Cai",
    ),
)
DOCUMENT_COUNTS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16)


def _qr_text(code: str, rng: random.Random) -> str:
    signature = hashlib.sha512(str(rng.random()).encode()).digest()
    return f"CA1|{code}|20261218|Kq3xY0bA|{b64url(signature)}"


def _receipt(n: int, variant: int, rng: random.Random) -> ReceiptData:
    names = _LONG_NAMES if variant % 2 else _SHORT_NAMES + _LONG_NAMES
    documents = tuple(
        ReceivedDocument(
            rng.choice(names) + (f" (lần {i + 1})" if variant % 3 == 2 else ""), rng.choice(_KINDS), rng.randint(1, 3)
        )
        for i in range(n)
    )
    code = f"H61.22-2611{25 + variant % 5:02d}-{1000 + 37 * n + variant}"
    received = datetime(2026, 11, 25, 8, 30, tzinfo=_TZ) + timedelta(minutes=17 * variant + n)
    rich = variant % 2 == 1
    return ReceiptData(
        agency=_AGENCIES[variant % len(_AGENCIES)],
        dossier_code=code,
        applicant_name=rng.choice(("Nguyễn Thị Hương", "Công ty TNHH Thương mại và Dịch vụ Kỹ thuật Hoàng Long")),
        procedure_name=_PROCEDURES[(n + variant) % len(_PROCEDURES)],
        procedure_code="1.004523",
        received_at=received,
        due_at=received + timedelta(days=14, hours=7),
        processing_time_text="10 ngày làm việc",
        documents=documents,
        copies=1 + variant % 2,
        organization="Công ty TNHH Hoàng Long" if rich else None,
        address="Số 12, đường Nguyễn Thái Học, phường Yên Bái" if variant != 3 else None,
        phone="0912 345 678",
        email="huong.nt@example.vn" if variant % 4 else None,
        id_number="015190001234" if variant % 4 != 3 else None,
        tax_code="5200123456" if rich else None,
        representative_name="Trần Văn Bình" if variant in (1, 5) else None,
        representative_id="001203004567" if variant == 5 else None,
        representative_role="Được ủy quyền; Giấy ủy quyền số 12/2026/GUQ" if variant == 5 else "",
        deciding_agency="Sở Khoa học và Công nghệ" if variant % 3 == 1 else None,
        fee=("300.000 đồng", "", "Lệ phí: 200.000 đồng/chứng chỉ")[variant % 3],
        officer_name="Trần Văn Minh" if variant % 4 != 2 else "",
        register_book="05" if variant % 2 == 0 else "",
        register_number=str(1000 + n) if variant % 2 == 0 else "",
        note="Nộp bổ sung bản gốc khi nhận kết quả." if variant % 5 == 4 else None,
        reprint=variant == 4,
        reprint_note="In lại lần 2" if variant == 4 else "",
        slip_qr=_qr_text(code, rng) if variant % 6 != 5 else "",
        status_check="K7Q2" if variant % 2 == 0 else "",
    )


def receipt_corpus(variants: int = 6) -> list[ReceiptData]:
    """`variants` receipts for every count of DOCUMENT_COUNTS, the same on every call."""
    rng = random.Random(15)
    return [_receipt(n, variant, rng) for n in DOCUMENT_COUNTS for variant in range(variants)]


def _figures(samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]
    return f"median {statistics.median(samples):6.2f}  p95 {p95:6.2f}  max {max(samples):6.2f} ms  (n={len(samples)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.receipt_render")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the corpus")
    parser.add_argument("--paper", action="append", help="A5, A4, 80MM (default: all three)")
    parser.add_argument("--profile", action="store_true", help="cProfile the A5 passes instead of timing them")
    args = parser.parse_args(argv)
    from counter_app.printing.receipt import render_receipt

    corpus = receipt_corpus()
    papers = args.paper or ["A5", "A4", "80MM"]
    for paper in papers:  # warm: fonts, caches
        for data in corpus:
            render_receipt(data, paper)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for data in corpus:
                render_receipt(data, papers[0])
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(40)
        return 0
    clock = time.perf_counter
    for paper in papers:
        by_count: dict[int, list[float]] = {}
        for _ in range(args.rounds):
            for data in corpus:
                start = clock()
                render_receipt(data, paper)
                by_count.setdefault(len(data.documents), []).append((clock() - start) * 1000)
        every = [t for samples in by_count.values() for t in samples]
        print(f"{paper:5} all receipts        {_figures(every)}")
        if paper == "A5":
            for count, samples in sorted(by_count.items()):
                print(f"{paper:5} {count:2} documents        {_figures(samples)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
