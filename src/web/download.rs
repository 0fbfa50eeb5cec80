//! "Download and verify here": streams the official file from a mirror that lets the page read
//! it (CORS), hashes it while it arrives, and hands it to the visitor only once it matches the
//! official list.
//!
//! Where the browser has `showSaveFilePicker`, the bytes go straight to the file the visitor
//! chose, through a writable that is committed on a match and aborted otherwise (Chromium
//! writes to a temporary file until then), so a large archive never sits in memory. Elsewhere
//! the chunks are kept as a `Blob` and saved with a link once they match. The download appears
//! in the results list like a dropped file, with the same verdicts, progress and cancel button.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    AbortController, AbortSignal, Blob, BlobPropertyBag, Element, Event, HtmlAnchorElement,
    MessageEvent, ReadableStream, ReadableStreamDefaultReader, RequestCache, RequestMode, Url,
    Worker,
};

use gloo_net::http::Method;

use crate::rank::Status;
use crate::verdict::{self, Kind};

use super::checks::{new_worker, FromWorker, ToWorker};
use super::dom::{document, error_message, listen};
use super::fetch::{request, send, Miss};
use super::state::{with_app, App, Check, Download, Feed, Hashed, Saved, Stage, Table, Why};
use super::view::update;

/// How often the progress of a download is drawn, in milliseconds.
const PROGRESS_MS: f64 = 100.0;

/// Where the bytes go while they arrive.
enum Sink {
    /// A `FileSystemWritableFileStream` of the file the visitor picked.
    Disk(JsValue),
    /// The chunks, in order.
    Memory(Array),
}

/// Calls `target[method](...args)` and awaits the result if it is a promise.
async fn call(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let result = function.apply(target, args)?;
    JsFuture::from(Promise::resolve(&result)).await
}

fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

impl Sink {
    /// Asks where to save `name` where the browser can write to disk; `None` when the visitor
    /// cancelled that dialog. Must start within the click's user activation.
    async fn open(name: &str) -> Option<Sink> {
        let window = web_sys::window()?;
        let picker = Reflect::get(&window, &"showSaveFilePicker".into()).ok()?;
        if picker.is_function() {
            let options = Object::new();
            let _ = Reflect::set(&options, &"suggestedName".into(), &name.into());
            match call(&window, "showSaveFilePicker", &Array::of1(&options)).await {
                Ok(handle) => {
                    if let Ok(writable) = call(&handle, "createWritable", &Array::new()).await {
                        return Some(Sink::Disk(writable));
                    }
                }
                Err(e) if error_name(&e) == "AbortError" => return None,
                // Refused (no secure context, a policy): keep it in memory instead.
                Err(_) => {}
            }
        }
        Some(Sink::Memory(Array::new()))
    }

    async fn write(&self, chunk: &Uint8Array) -> Result<(), JsValue> {
        match self {
            Sink::Disk(writable) => call(writable, "write", &Array::of1(chunk))
                .await
                .map(|_| ()),
            Sink::Memory(chunks) => {
                chunks.push(chunk);
                Ok(())
            }
        }
    }

    /// Hands the bytes to the visitor.
    async fn keep(self, name: &str) -> Result<Saved, JsValue> {
        match self {
            Sink::Disk(writable) => {
                call(&writable, "close", &Array::new()).await?;
                Ok(Saved::Disk)
            }
            Sink::Memory(chunks) => {
                let options = BlobPropertyBag::new();
                options.set_type("application/octet-stream");
                let blob = Blob::new_with_u8_array_sequence_and_options(&chunks, &options)?;
                let url = Url::create_object_url_with_blob(&blob)?;
                let link: HtmlAnchorElement = document()?.create_element("a")?.dyn_into()?;
                link.set_href(&url);
                link.set_download(name);
                link.click();
                Ok(Saved::Memory(url))
            }
        }
    }

    /// Throws the bytes away; nothing reaches the visitor's disk.
    async fn discard(self) {
        if let Sink::Disk(writable) = self {
            let _ = call(&writable, "abort", &Array::new()).await;
        }
    }
}

/// Why a download gave no bytes to judge.
enum Stop {
    Cancelled,
    Failed(Why),
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Wires every `[data-testid="fetch-verify"]` button, in the table and the recommendation.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&document()?, "click", |event| {
        let button = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-testid=\"fetch-verify\"]").ok().flatten());
        let Some(id) = button.and_then(|b| b.get_attribute("data-mirror-id")) else {
            return;
        };
        let Some(Some((url, name, size))) = with_app(|app| app.download_target(&id)) else {
            return;
        };
        spawn_local(async move {
            // The save dialog first, while the click still counts as the visitor's.
            let Some(sink) = Sink::open(&name).await else {
                return;
            };
            let mut started = None;
            update(|app| {
                started = Some(app.add_download(&id, &name, size)?);
                Ok(())
            });
            match started {
                Some((check, signal)) => run(check, url, name, size, sink, signal).await,
                None => sink.discard().await,
            }
        });
    })
}

/// Streams `url` into `sink`, then judges and keeps or discards it.
async fn run(
    check: u32,
    url: String,
    name: String,
    official_bytes: Option<u64>,
    sink: Sink,
    signal: AbortSignal,
) {
    let outcome = transfer(check, &url, official_bytes, &sink, &signal).await;
    let saved = match outcome {
        Ok(hashed) => {
            let mut matched = false;
            update(|app| {
                matched = app.downloaded(check, hashed)?;
                Ok(())
            });
            if matched {
                match sink.keep(&name).await {
                    Ok(saved) => saved,
                    Err(e) => {
                        update(|app| {
                            app.download_stopped(check, Stop::from(e));
                            Ok(())
                        });
                        Saved::Discarded
                    }
                }
            } else {
                sink.discard().await;
                Saved::Discarded
            }
        }
        Err(stop) => {
            sink.discard().await;
            update(|app| {
                app.download_stopped(check, stop);
                Ok(())
            });
            Saved::Discarded
        }
    };
    update(|app| {
        app.download_saved(check, saved);
        Ok(())
    });
}

impl From<JsValue> for Stop {
    fn from(e: JsValue) -> Stop {
        match error_name(&e).as_str() {
            "AbortError" => Stop::Cancelled,
            _ => Stop::Failed(Why::ours("why-browser", error_message(&e))),
        }
    }
}

/// Fetches the whole file, hashing and inspecting each chunk and passing it to `sink`.
async fn transfer(
    check: u32,
    url: &str,
    official_bytes: Option<u64>,
    sink: &Sink,
    signal: &AbortSignal,
) -> Result<Hashed, Stop> {
    let response =
        send(request(url, Method::GET, RequestMode::Cors, signal).cache(RequestCache::NoStore))
            .await
            .map_err(|miss| match miss {
                Miss::Aborted => Stop::Cancelled,
                Miss::Network(detail) => Stop::Failed(Why::ours("why-browser", detail)),
            })?;
    if !response.ok() {
        return Err(Stop::Failed(Why::ours(
            "why-http",
            response.status().to_string(),
        )));
    }
    let length = super::load::content_length(&response);
    update(|app| {
        app.download_progress(check, 0, official_bytes.or(length));
        Ok(())
    });
    let body = response
        .body()
        .ok_or_else(|| Stop::Failed(Why::ours("why-no-body", "")))?;
    // One branch of the body goes to a hashing worker of this download's own, off the page's
    // thread; the other to the visitor's file here. Stopping the download terminates it.
    let branches = body.tee();
    let (to_sink, to_hash): (ReadableStream, JsValue) =
        (branches.get(0).unchecked_into(), branches.get(1));
    let worker = HashWorker::start(check, to_hash, official_bytes.is_none())?;
    update(|app| {
        app.download_fed(check, worker.feed);
        Ok(())
    });
    let reader: ReadableStreamDefaultReader = to_sink.get_reader().unchecked_into();
    let mut done = 0u64;
    let mut drawn = now();
    loop {
        let result = JsFuture::from(reader.read()).await?;
        if Reflect::get(&result, &"done".into())?.is_truthy() {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&result, &"value".into())?.unchecked_into();
        sink.write(&chunk).await.map_err(|e| match Stop::from(e) {
            Stop::Failed(why) => Stop::Failed(Why::ours("why-write", why.detail)),
            cancelled => cancelled,
        })?;
        done += u64::from(chunk.length());
        if now() - drawn >= PROGRESS_MS {
            drawn = now();
            update(|app| {
                app.download_progress(check, done, None);
                Ok(())
            });
        }
    }
    worker.hashed().await
}

/// A worker that hashes one download (`www/hash-worker.js`, `stream`), terminated when it is
/// dropped: when the hash is in, or the download stopped.
struct HashWorker {
    worker: Worker,
    /// Settles with the worker's answer.
    answer: Promise,
    /// How the bytes reach it.
    feed: Feed,
    /// Its `onmessage` and `onerror`, alive as long as it is.
    _handlers: [Closure<dyn FnMut(Event)>; 2],
}

impl HashWorker {
    fn start(id: u32, stream: JsValue, gzip: bool) -> Result<HashWorker, Stop> {
        let failed = |e: JsValue| Stop::Failed(Why::ours("why-worker-start", error_message(&e)));
        let worker = new_worker().map_err(failed)?;
        let mut settle = None;
        let answer = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        let (resolve, reject) = settle.ok_or_else(|| failed(JsValue::NULL))?;
        let on_message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Some(event) = event.dyn_ref::<MessageEvent>() {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            event.prevent_default();
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the worker stopped"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let post = |message: ToWorker| worker.post_message(&message.to_value()?);
        let message = ToWorker::Stream {
            id,
            stream: stream.clone(),
            gzip,
        };
        let sent = message
            .to_value()
            .and_then(|m| worker.post_message_with_transfer(&m, &Array::of1(&stream)));
        let feed = if sent.is_ok() {
            Feed::Stream
        } else {
            Feed::Messages
        };
        if feed == Feed::Messages {
            // A browser that cannot transfer a stream (Safari): its bytes go over as messages.
            let message = ToWorker::Stream {
                id,
                stream: JsValue::NULL,
                gzip,
            };
            post(message).map_err(failed)?;
            let reader: ReadableStreamDefaultReader = stream
                .unchecked_into::<ReadableStream>()
                .get_reader()
                .unchecked_into();
            let worker = worker.clone();
            spawn_local(async move {
                let post =
                    |message: ToWorker| message.to_value().and_then(|m| worker.post_message(&m));
                while let Ok(result) = JsFuture::from(reader.read()).await {
                    if Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy()) {
                        break;
                    }
                    let bytes = Reflect::get(&result, &"value".into()).unwrap_or_default();
                    if post(ToWorker::Chunk { id, bytes }).is_err() {
                        return;
                    }
                }
                // A stream that failed ends here too: the sink's branch says why.
                let _ = post(ToWorker::End { id });
            });
        }
        Ok(HashWorker {
            worker,
            answer,
            feed,
            _handlers: [on_message, on_error],
        })
    }

    /// What the worker found, once the whole stream has gone through it.
    async fn hashed(self) -> Result<Hashed, Stop> {
        let failed = |message: String| Stop::Failed(Why::ours("why-browser", message));
        let data = JsFuture::from(self.answer.clone())
            .await
            .map_err(|e| failed(error_message(&e)))?;
        match FromWorker::read(&data) {
            Ok(FromWorker::Hashed { result, .. }) => Ok(result),
            Ok(FromWorker::Error { message, .. }) => Err(failed(message)),
            Ok(_) => Err(failed("an unexpected answer".into())),
            Err(e) => Err(failed(e)),
        }
    }
}

impl Drop for HashWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl App {
    /// The URL, file name and official size of the recommended file on a mirror that lets
    /// the page read it; `None` for any other mirror.
    fn download_target(&self, mirror_id: &str) -> Option<(String, String, Option<u64>)> {
        let row = self
            .rows(Table::Mirrors)
            .iter()
            .find(|r| r.mirror.id == mirror_id && r.measured.status == Status::Ok)?;
        let targets = self.probe_targets()?;
        let (file, size) = targets.file();
        Some((row.mirror.url_for(file), file.to_string(), size))
    }

    /// Adds the download to the results; returns its check id and the signal that stops it.
    fn add_download(
        &mut self,
        mirror_id: &str,
        name: &str,
        official_bytes: Option<u64>,
    ) -> Result<(u32, AbortSignal), JsValue> {
        let controller = AbortController::new()?;
        let signal = controller.signal();
        let mirror_name = self
            .rows(Table::Mirrors)
            .iter()
            .find(|r| r.mirror.id == mirror_id)
            .map(|r| r.mirror.name_in(self.lang).to_string())
            .unwrap_or_default();
        let download = Download {
            mirror_id: mirror_id.to_string(),
            mirror_name,
            controller,
            started_ms: now(),
            speed_bps: None,
            saved: Saved::Pending,
            feed: None,
        };
        let id = self.add_check(
            None,
            name.to_string(),
            official_bytes.unwrap_or(0),
            Some(download),
        )?;
        if let Some(check) = self.checks.iter().find(|c| c.id == id) {
            check.element.scroll_into_view();
        }
        Ok((id, signal))
    }

    /// The download `id`, to change: it is drawn again after the change.
    fn download_check(&mut self, id: u32) -> Option<&mut Check> {
        self.touch_check(id);
        self.checks
            .iter_mut()
            .find(|c| c.id == id && c.download.is_some())
    }

    /// Bytes so far (and the total, once known).
    fn download_progress(&mut self, id: u32, done: u64, total: Option<u64>) {
        let Some(check) = self.download_check(id) else {
            return;
        };
        if !matches!(check.stage, Stage::Downloading(_)) {
            return;
        }
        if let Some(total) = total {
            check.size_bytes = total;
        }
        check.stage = Stage::Downloading(done);
        if let Some(d) = &mut check.download {
            let seconds = (now() - d.started_ms) / 1000.0;
            d.speed_bps = (seconds > 0.0 && done > 0).then(|| done as f64 / seconds);
        }
    }

    /// The whole file arrived: judge it. `true` when it matches the official list.
    fn downloaded(&mut self, id: u32, hashed: Hashed) -> Result<bool, JsValue> {
        let Some(check) = self.download_check(id) else {
            return Ok(false);
        };
        if check.cancel_requested {
            return Ok(false);
        }
        check.size_bytes = hashed.size_bytes;
        check.hashed = Some(hashed);
        check.stage = Stage::AwaitingList;
        self.decide(id)?;
        Ok(self
            .checks
            .iter()
            .find(|c| c.id == id)
            .is_some_and(|c| matches!(&c.stage, Stage::Done(v) if v.kind == Kind::Match)))
    }

    fn download_stopped(&mut self, id: u32, stop: Stop) {
        let Some(check) = self.download_check(id) else {
            return;
        };
        if matches!(check.stage, Stage::Done(_)) && !matches!(stop, Stop::Failed(_)) {
            return;
        }
        let kind = match stop {
            Stop::Cancelled => Kind::Cancelled,
            Stop::Failed(why) => {
                check.reason = Some(why);
                Kind::Error
            }
        };
        check.stage = Stage::Done(Box::new(verdict::unfinished(kind)));
    }

    fn download_fed(&mut self, id: u32, feed: Feed) {
        if let Some(d) = self.download_check(id).and_then(|c| c.download.as_mut()) {
            d.feed = Some(feed);
        }
    }

    fn download_saved(&mut self, id: u32, saved: Saved) {
        let Some(check) = self.download_check(id) else {
            return;
        };
        if let Some(d) = &mut check.download {
            d.saved = saved;
        }
    }
}
