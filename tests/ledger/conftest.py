from __future__ import annotations

import pytest

from tests.factories import make_leader, make_source, make_unit
from tests.ledger.sheets import Registered


@pytest.fixture
def registered(db: None) -> Registered:
    return Registered(
        source=make_source("政府工作报告"),
        leader=make_leader("石迎军", title="常务副市长"),
        housing=make_unit("市住建局", name="许昌市住房和城乡建设局"),
        finance=make_unit("市财政局", name="许昌市财政局"),
        land=make_unit("市国土局", name="许昌市国土资源局"),
    )
