"""The one `require` every app says no with."""

import pytest
from django.core.exceptions import PermissionDenied

from yingkou.permissions import require


def test_require_says_no_with_the_reason():
    require(True)
    with pytest.raises(PermissionDenied, match="只有牵头单位"):
        require(False, "只有牵头单位可以执行此操作")
    with pytest.raises(PermissionDenied, match="您没有权限"):
        require(False)
