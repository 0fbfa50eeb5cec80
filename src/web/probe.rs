//! Timing one source from the visitor's browser: reachability and latency for every source at
//! once, and — where the source lets the page read its answers (CORS) — one streaming
//! throughput test, run by `measure` one source at a time.
//!
//! Each source gets the best measurement its headers allow (DESIGN.md, "What a browser can
//! measure cross-origin"): a readable ranged GET first; if the browser refuses to let the page
//! read it, a `no-cors` HEAD, which moves no body but still says the host answers. Latency comes
//! from Resource Timing where the source sends `Timing-Allow-Origin`, from the fetch itself
//! otherwise. A throughput test reads one ranged GET's body as it arrives and hands each
//! chunk's time and the bytes so far to the core's `throughput::Meter`, which says when it has
//! enough and what the stream shows; the stream's own timings serve every source alike
//! (Resource Timing has no entry for a body the page stops reading). What the answers mean and
//! the order of the tests are the core's (`probe.rs`).

use gloo_net::http::{Method, Response};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, PerformanceResourceTiming, ReadableStreamDefaultReader,
    RequestCache, RequestMode,
};

use crate::probe::{Expected, Measured, ProbeConfig, Reason, Reply, Stage};
use crate::rank::{median, Status};
use crate::throughput::{End, Meter, Outcome};

use super::fetch::{request, send, Miss};

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Reachability and latency of the answer at `url`, judged as `expected`. `deadline` is a `performance.now()` time
/// after which the source is given up on, `run` aborts every request of the run; `report` is
/// called whenever a figure is known, so the row fills in live. A readable source comes back
/// `Queued` for its throughput test, any other with its final status.
pub(crate) async fn latency(
    url: &str,
    expected: Expected,
    config: &ProbeConfig,
    deadline: f64,
    run: &AbortSignal,
    report: &dyn Fn(&Measured),
) -> Measured {
    let mut m = Measured::default();
    let timeout = |config: &ProbeConfig| {
        let left = (deadline - now()).max(0.0);
        (f64::from(config.request_timeout_ms).min(left)) as u32
    };

    // The first request warms the connection and tells whether the answer is readable.
    /// The first bytes read to see what the mirror serves (an archive or an HTML page).
    const HEAD_BYTES: u64 = 1024;
    match get_range(url, 0, HEAD_BYTES, timeout(config), run).await {
        Ok((response, body)) => {
            m.cors = true;
            m.bytes_used += body.bytes;
            if response.redirected() {
                m.redirected_to = Some(response.url());
            }
            let reply = reply_of(&response, body.head);
            if let Err(reason) = expected.judge(&reply) {
                return last(m, Status::Failed, reason);
            }
        }
        Err(Miss::Aborted) => return last(m, Status::Timeout, Reason::Timeout),
        Err(Miss::Network(_)) => match head_no_cors(url, timeout(config), run).await {
            Ok(()) => {}
            Err(Miss::Aborted) => return last(m, Status::Timeout, Reason::Timeout),
            Err(Miss::Network(_)) => return last(m, Status::Failed, Reason::Refused),
        },
    }
    for _ in 1..config.warmups {
        let _ = small_request(url, m.cors, timeout(config), run).await;
    }

    // Latency: the median of a few small requests on the warm connection.
    let mut samples = Vec::new();
    for _ in 0..config.latency_rounds {
        if deadline - now() <= 0.0 || run.aborted() {
            break;
        }
        match small_request(url, m.cors, timeout(config), run).await {
            Ok(sample) => {
                m.timing_allowed |= sample.timing_allowed;
                samples.push(sample.latency_ms);
                m.latency_ms = median(&samples);
                report(&m);
            }
            Err(Miss::Aborted) if samples.is_empty() => {
                return last(m, Status::Timeout, Reason::Timeout)
            }
            Err(_) => break,
        }
    }
    if samples.is_empty() {
        return last(m, Status::Timeout, Reason::Timeout);
    }
    if m.cors {
        m.stage = Stage::Queued;
    } else {
        m.status = Status::Limited;
        m.stage = Stage::Final;
    }
    m
}

/// One throughput test of the file at `url`: a ranged GET of up to the meter's byte cap, read
/// as it arrives until the meter has enough, the body stops or `deadline` passes. Returns what
/// the stream shows and the bytes it moved.
pub(crate) async fn throughput(
    url: &str,
    config: &ProbeConfig,
    deadline: f64,
    run: &AbortSignal,
) -> (Outcome, u64) {
    let sent = now();
    let mut meter = Meter::new(config.meter.clone(), sent);
    let timeout_ms = (deadline - sent).max(1.0) as u32;
    let Ok((signal, controller)) = signal(timeout_ms, run) else {
        return (meter.finish(End::OutOfTime), 0);
    };
    let last = config.meter.max_bytes.saturating_sub(1);
    let request = request(url, Method::GET, RequestMode::Cors, &signal)
        .cache(RequestCache::NoStore)
        .header("Range", &format!("bytes=0-{last}"));
    // Waiting for the headers counts against the first byte's deadline: past it, the timer
    // aborts the request.
    let first_byte_ms = meter.wait_until_ms().min(deadline) - now();
    let timer = abort_after(&controller, first_byte_ms);
    let end = match send(request).await {
        Ok(response) => {
            clear(timer);
            stream(&response, &mut meter, deadline, run).await
        }
        Err(_) if run.aborted() || now() >= deadline => End::OutOfTime,
        Err(_) => End::Silent,
    };
    controller.abort();
    (meter.finish(end), meter.bytes())
}

/// Aborts `controller` after `ms` milliseconds, unless [`clear`]ed; the timer's handle.
fn abort_after(controller: &AbortController, ms: f64) -> Option<i32> {
    let controller = controller.clone();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.unchecked_ref(),
            ms.max(0.0).ceil() as i32,
        )
        .ok()
}

fn clear(timer: Option<i32>) {
    if let (Some(handle), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(handle);
    }
}

/// Reads the body into `meter`; why it stopped.
async fn stream(response: &Response, meter: &mut Meter, deadline: f64, run: &AbortSignal) -> End {
    let ended = |run: &AbortSignal| {
        if run.aborted() || now() >= deadline {
            End::OutOfTime
        } else {
            End::Silent
        }
    };
    let Some(body) = response.body().filter(|_| response.ok()) else {
        return End::Silent;
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut total = 0u64;
    let end = loop {
        let read = reader.read();
        let mut result = within(read.clone(), meter.wait_until_ms().min(deadline)).await;
        if result.is_none() && now() < deadline {
            // The timer's task may have run before a read that was already waiting (a page
            // kept busy, a loaded machine): one more look before calling the body stalled.
            /// How long the second look waits, in milliseconds.
            const SECOND_LOOK_MS: f64 = 100.0;
            result = within(read, now() + SECOND_LOOK_MS).await;
        }
        let result = match result {
            Some(Ok(result)) => result,
            Some(Err(_)) | None => break ended(run),
        };
        if Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            break End::BodyEnded;
        }
        let Ok(value) = Reflect::get(&result, &"value".into()) else {
            break End::Silent;
        };
        total += u64::from(value.unchecked_into::<Uint8Array>().length());
        if meter.push(now(), total) {
            break End::Enough;
        }
    };
    cancel(&reader);
    end
}

/// Stops reading a body. The promise `cancel` returns rejects when the stream already failed
/// (its request aborted): that is expected, and must not surface as an unhandled rejection.
fn cancel(reader: &ReadableStreamDefaultReader) {
    let cancelled = JsFuture::from(reader.cancel());
    wasm_bindgen_futures::spawn_local(async move {
        let _ = cancelled.await;
    });
}

/// The promise's outcome, or `None` if `until` (a `performance.now()` time) passes first.
async fn within(promise: js_sys::Promise, until: f64) -> Option<Result<JsValue, JsValue>> {
    /// What the timer resolves with, which no read or fetch returns.
    const LATE: &str = "gomirror:late";
    let timer = timer(until - now(), &JsValue::from_str(LATE));
    let race = js_sys::Promise::race(&js_sys::Array::of2(&promise, &timer));
    match JsFuture::from(race).await {
        Ok(v) if v.as_string().as_deref() == Some(LATE) => None,
        other => Some(other),
    }
}

/// A promise that resolves with `value` after `ms` milliseconds.
fn timer(ms: f64, value: &JsValue) -> js_sys::Promise {
    let ms = ms.max(0.0).ceil() as i32;
    js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, ms, value);
        }
    })
}

/// Resolves after `ms` milliseconds.
pub(crate) async fn sleep(ms: f64) {
    let _ = JsFuture::from(timer(ms, &JsValue::UNDEFINED)).await;
}

/// The source's last word in this run.
fn last(mut m: Measured, status: Status, reason: Reason) -> Measured {
    m.status = status;
    m.reason = Some(reason);
    m.stage = Stage::Final;
    m
}

/// What was read of a body: the first bytes, how many, and when the first chunk arrived.
struct Body {
    head: Vec<u8>,
    bytes: u64,
    first_ms: Option<f64>,
}

/// One request's signal: its own controller (to drop a body once enough of it was read), its
/// deadline, and the end of the run (a new run's tests never share the link with an old one's
/// requests).
fn signal(timeout_ms: u32, run: &AbortSignal) -> Result<(AbortSignal, AbortController), Miss> {
    let controller = AbortController::new().map_err(|_| Miss::Network(String::new()))?;
    let timeout = AbortSignal::timeout_with_u32(timeout_ms.max(1));
    let signals = js_sys::Array::of3(&controller.signal(), &timeout, run);
    Ok((abort_any(&signals).unwrap_or(timeout), controller))
}

/// `AbortSignal.any([...])` (Chromium 116+); web-sys does not bind it yet.
fn abort_any(signals: &js_sys::Array) -> Option<AbortSignal> {
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).ok()?;
    let any: js_sys::Function = Reflect::get(&class, &"any".into()).ok()?.dyn_into().ok()?;
    any.call1(&class, signals).ok()?.dyn_into().ok()
}

/// A readable GET of bytes `[start, start + len)`. Reads at most `len` bytes of the body even
/// when the server ignores the range and sends the whole file.
async fn get_range(
    url: &str,
    start: u64,
    len: u64,
    timeout_ms: u32,
    run: &AbortSignal,
) -> Result<(Response, Body), Miss> {
    let (signal, controller) = signal(timeout_ms, run)?;
    // A single range is CORS-safelisted: no preflight (Fetch, "CORS-safelisted request-header").
    let request = request(url, Method::GET, RequestMode::Cors, &signal)
        .cache(RequestCache::NoStore)
        .header("Range", &format!("bytes={start}-{}", start + len - 1));
    let response = send(request).await?;
    let body = read_body(&response, len).await;
    controller.abort();
    Ok((response, body?))
}

async fn read_body(response: &Response, max: u64) -> Result<Body, Miss> {
    let mut body = Body {
        head: Vec::new(),
        bytes: 0,
        first_ms: None,
    };
    let Some(stream) = response.body() else {
        return Ok(body);
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    /// Enough of the body to tell an archive from an HTML page.
    const KEEP_BYTES: usize = 1024;
    while body.bytes < max {
        let result = JsFuture::from(reader.read()).await.map_err(|e| {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            match name.as_deref() {
                Some("TimeoutError" | "AbortError") => Miss::Aborted,
                _ => Miss::Network(String::new()),
            }
        })?;
        let done = Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(value) = Reflect::get(&result, &"value".into()) else {
            break;
        };
        let chunk: Uint8Array = value.unchecked_into();
        body.first_ms.get_or_insert_with(now);
        if body.head.len() < KEEP_BYTES {
            let take = (KEEP_BYTES - body.head.len()).min(chunk.length() as usize);
            body.head.extend(chunk.subarray(0, take as u32).to_vec());
        }
        body.bytes += u64::from(chunk.length());
    }
    cancel(&reader);
    Ok(body)
}

fn reply_of(response: &Response, head: Vec<u8>) -> Reply {
    let header = |name: &str| response.headers().get(name);
    Reply {
        status: response.status(),
        content_type: header("content-type"),
        content_range: header("content-range"),
        content_length: header("content-length").and_then(|v| v.parse().ok()),
        head,
    }
}

/// A HEAD the browser makes for any server; its answer is opaque, but it arrives only if the
/// host answered.
async fn head_no_cors(url: &str, timeout_ms: u32, run: &AbortSignal) -> Result<(), Miss> {
    let (signal, _controller) = signal(timeout_ms, run)?;
    let request = request(url, Method::HEAD, RequestMode::NoCors, &signal);
    send(request.cache(RequestCache::NoStore)).await.map(|_| ())
}

/// One latency sample.
struct Sample {
    latency_ms: f64,
    timing_allowed: bool,
}

/// A small request, timed: a 1-byte readable GET for a CORS mirror, a `no-cors` HEAD
/// otherwise (no body moves either way).
async fn small_request(
    url: &str,
    cors: bool,
    timeout_ms: u32,
    run: &AbortSignal,
) -> Result<Sample, Miss> {
    let started = now();
    let answered = if cors {
        get_range(url, 0, 1, timeout_ms, run)
            .await
            .map(|(_, b)| b.first_ms.unwrap_or_else(now))
    } else {
        head_no_cors(url, timeout_ms, run).await.map(|()| now())
    };
    let answered = answered?;
    let fallback = Sample {
        latency_ms: answered - started,
        timing_allowed: false,
    };
    Ok(resource_timing(url, started).unwrap_or(fallback))
}

/// The latency from this request's Resource Timing entry: request start to first byte where
/// the mirror allows the detail (`Timing-Allow-Origin`), the entry's whole duration otherwise.
fn resource_timing(url: &str, started: f64) -> Option<Sample> {
    let performance = web_sys::window()?.performance()?;
    let entries = performance.get_entries_by_name_with_entry_type(url, "resource");
    let entry: PerformanceResourceTiming = entries.pop().dyn_into().ok()?;
    // An entry from an earlier request would give an old figure.
    if entry.start_time() + 1.0 < started {
        return None;
    }
    if entry.response_start() > 0.0 && entry.request_start() > 0.0 {
        return Some(Sample {
            latency_ms: entry.response_start() - entry.request_start(),
            timing_allowed: true,
        });
    }
    (entry.duration() > 0.0).then(|| Sample {
        latency_ms: entry.duration(),
        timing_allowed: false,
    })
}
