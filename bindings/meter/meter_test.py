"""grpc_tutorial.meter against the real meter gRPC server on loopback, with
known data: meter-demo/testdata/usage.csv and readings the test uploads.

Usage (from BUILD): meter_test.py <grpc_server> <usage.csv>
"""

import contextlib
import datetime
import os
import sys
import tempfile

import numpy as np
import pytest

from bindings.testing import pytest_main
from common.testing.servers import Server
from grpc_tutorial import RpcError, StatusCode
from grpc_tutorial.meter import (MeterClient, Reading, Readings, Rejection, Resolution,
                                 Subscription, Update)

UTC = datetime.timezone.utc
DAY_START = datetime.datetime(2019, 1, 1, tzinfo=UTC)
DAY_END = datetime.datetime(2019, 1, 2, tzinfo=UTC)
# The uploaded series: one reading a minute through 2020, a known value each,
# every 97th missing.
BIG_COUNT = 200_000
BIG_START_S = 1577836800  # 2020-01-01T00:00:00Z


def big_series():
    i = np.arange(BIG_COUNT)
    times = BIG_START_S + 60 * (i + 1)
    values = (i % 1000) * 0.25  # exact in binary, so equality is meaningful
    values[i % 97 == 0] = np.nan
    return times, values


@pytest.fixture(scope="module")
def server():
    db = os.path.join(tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR")), "meter.db")
    with Server(os.environ["GRPC_SERVER"], "--host=127.0.0.1", "--port=0", f"--db={db}",
                f"--data={os.environ['USAGE_CSV']}", "--meter=flat") as s:
        yield s


@pytest.fixture(scope="module")
def meter(server):
    with MeterClient(server.address) as client:
        times, values = big_series()
        result = client.upload_readings(
            "big", ((int(t), None if np.isnan(v) else float(v)) for t, v in zip(times, values)))
        assert (result.accepted_count, result.rejected_count) == (BIG_COUNT, 0)
        yield client


@contextlib.contextmanager
def raises(code):
    with pytest.raises(RpcError) as error:
        yield error
    assert error.value.code == code, error.value


def utc(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_read_readings_returns_the_files_readings_as_numpy_arrays(meter):
    readings = meter.read_readings("flat", DAY_START, DAY_END)
    assert isinstance(readings, Readings) and len(readings) == 4
    assert readings.times.dtype == np.dtype("datetime64[s]")
    assert readings.values.dtype == np.float64
    np.testing.assert_array_equal(readings.times, np.array(
        ["2019-01-01T00:15:00", "2019-01-01T00:30:00", "2019-01-01T00:45:00",
         "2019-01-01T01:15:00"], dtype="datetime64[s]"))
    # The file's NaN is a missing reading: NaN here, never 0.
    np.testing.assert_array_equal(readings.values, [55.09, np.nan, 54.1, 60.5])


def test_arrays_are_filled_in_cpp_without_a_python_object_per_reading(meter):
    readings = meter.read_readings("big", BIG_START_S, BIG_START_S + 60 * BIG_COUNT + 60)
    # The arrays own C++ vectors (through a capsule): no list was built.
    assert type(readings.times.base).__name__ == "PyCapsule"
    assert type(readings.values.base).__name__ == "PyCapsule"
    times, values = big_series()
    np.testing.assert_array_equal(readings.times.astype(np.int64), times)
    np.testing.assert_array_equal(readings.values, values)


def test_list_readings_streams_the_same_readings_in_batches(meter):
    batches = list(meter.list_readings("big", BIG_START_S, BIG_START_S + 60 * BIG_COUNT + 60))
    assert len(batches) > 1 and all(0 < len(b) <= 8192 for b in batches)
    times, values = big_series()
    np.testing.assert_array_equal(np.concatenate([b.times for b in batches]).astype(np.int64), times)
    np.testing.assert_array_equal(np.concatenate([b.values for b in batches]), values)


def test_resolution_and_max_points(meter):
    start, end = BIG_START_S, BIG_START_S + 86400  # the first day
    raw = meter.read_readings("big", start, end)
    hourly = meter.read_readings("big", start, end, resolution=Resolution.HOURLY)
    assert len(raw) == 1440 and len(hourly) == 24  # the day's minutes, 00:01 to 24:00
    assert np.nansum(hourly.values) == pytest.approx(np.nansum(raw.values))
    sampled = meter.read_readings("big", start, end, max_points=100)
    assert 0 < len(sampled) <= 100
    assert np.nanmax(sampled.values) == np.nanmax(raw.values)  # peaks survive


def test_resolutions_go_by_the_names_the_cli_and_http_api_use(meter):
    start, end = BIG_START_S, BIG_START_S + 86400
    by_member = meter.read_readings("big", start, end, resolution=Resolution.HOURLY)
    by_name = meter.read_readings("big", start, end, resolution="hourly")
    np.testing.assert_array_equal(by_name.times, by_member.times)
    np.testing.assert_array_equal(by_name.values, by_member.values)
    assert len(meter.read_readings("big", start, end, resolution="15min")) == 96
    assert [str(r) for r in (Resolution.RAW, Resolution.MINUTES_15, Resolution.HOURLY,
                             Resolution.DAILY)] == ["raw", "15min", "hourly", "daily"]
    assert Resolution("daily") is Resolution.DAILY
    with pytest.raises(ValueError, match="'hourli' is not one of raw, 15min, hourly, daily"):
        meter.read_readings("big", start, end, resolution="hourli")


def test_summary_and_meters(meter):
    summary = meter.get_summary("flat", DAY_START, DAY_END)
    assert (summary.meter_id, summary.reading_count, summary.missing_count) == ("flat", 4, 1)
    assert summary.total_kwh == pytest.approx(55.09 + 54.1 + 60.5)
    assert (summary.min_kwh, summary.max_kwh) == (54.1, 60.5)
    assert summary.min_time == utc("2019-01-01 00:45:00")
    assert summary.first_time == utc("2019-01-01 00:15:00")
    empty = meter.get_summary("flat", datetime.datetime(2018, 1, 1), datetime.datetime(2018, 1, 2))
    assert empty.reading_count == 0 and empty.min_kwh is None and empty.first_time is None
    meters = {m.id: m for m in meter.list_meters()}
    assert meters["flat"].reading_count == 4
    assert meters["flat"].last_time == utc("2019-01-01 01:15:00")
    assert meters["big"].reading_count == BIG_COUNT


def test_upload_reports_rejections_by_position(meter):
    result = meter.upload_readings("rejects", [
        Reading(utc("2021-01-01 00:15:00"), 1.5),
        Reading(utc("2021-01-01 00:30:00"), -1.0),
        (np.datetime64("2021-01-01T00:45:00"), None),
    ])
    assert (result.accepted_count, result.rejected_count) == (2, 1)
    assert result.rejections == (Rejection(1, "value -1 is negative"),)


def test_each_status_the_meter_server_sends(meter):
    with raises(StatusCode.NOT_FOUND) as error:
        meter.get_summary("nobody", DAY_START, DAY_END)
    assert "nobody" in error.value.message
    with raises(StatusCode.INVALID_ARGUMENT):
        meter.read_readings("flat", DAY_END, DAY_START)  # end before start
    with raises(StatusCode.NOT_FOUND):
        list(meter.list_readings("nobody", DAY_START, DAY_END))
    with raises(StatusCode.INVALID_ARGUMENT):
        meter.upload_readings("not a valid id!", [(DAY_START, 1.0)])
    with raises(StatusCode.NOT_FOUND):
        list(meter.subscribe(Subscription("nobody"), timeout=10))
    with raises(StatusCode.DEADLINE_EXCEEDED):
        next(meter.subscribe(timeout=0.2))  # nothing subscribed: nothing comes


def test_subscribe_confirms_then_pushes_uploads(meter):
    meter.upload_readings("live", [(utc("2022-01-01 00:15:00"), 1.0)])
    with meter.subscribe(Subscription("live", "raw"), timeout=30) as stream:
        confirmation = next(stream)
        assert (confirmation.meter_id, confirmation.resolution) == ("live", Resolution.RAW)
        assert len(confirmation.readings) == 0
        meter.upload_readings("live", [(utc("2022-01-01 00:30:00"), 2.0),
                                       (utc("2022-01-01 00:45:00"), None)])
        pushed = []
        while len(pushed) < 2:
            update = next(stream)
            assert isinstance(update, Update)
            pushed += list(zip(update.readings.times.astype(str), update.readings.values))
        assert pushed[0] == ("2022-01-01T00:30:00", 2.0)
        assert pushed[1][0] == "2022-01-01T00:45:00" and np.isnan(pushed[1][1])
        stream.done_writing()
        assert list(stream) == []  # ends OK after the half-close


def test_a_subscription_ends_unavailable_when_the_server_shuts_down():
    db = os.path.join(tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR")), "meter.db")
    server = Server(os.environ["GRPC_SERVER"], "--host=127.0.0.1", "--port=0", f"--db={db}",
                    f"--data={os.environ['USAGE_CSV']}", "--meter=flat")
    try:
        with MeterClient(server.address) as client:
            with client.subscribe(Subscription("flat"), timeout=30) as stream:
                next(stream)  # the confirmation: the subscription is live
                server.stop()  # SIGTERM; the server ends live streams first
                with raises(StatusCode.UNAVAILABLE):
                    next(stream)
    finally:
        server.stop()


def test_bad_times_are_type_errors(meter):
    with pytest.raises(TypeError):
        meter.read_readings("flat", "2019-01-01", DAY_END)
    with pytest.raises(TypeError):
        meter.upload_readings("flat", [(DAY_START, "many")])


if __name__ == "__main__":
    os.environ["GRPC_SERVER"] = os.path.abspath(sys.argv[1])
    os.environ["USAGE_CSV"] = os.path.abspath(sys.argv[2])
    sys.exit(pytest_main.run(__file__))
