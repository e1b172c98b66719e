//! Payloads by the thousand: `validate_many` (lists, or a compact
//! `BatchReport`), with progress; the columns of `arrow.rs` share the chunking
//! and the progress reports.
//!
//! Where the time goes, and what this does about it (200,000 payloads):
//! - reading the inputs: `tuple(payloads)` holds them all with one reference
//!   (a list's references copied inside Python), and each `str` is read in
//!   place (its UTF-8, which for an ASCII string is the string's own buffer),
//!   not encoded to a new `bytes` per payload. Reading needs the GIL: ~25-55
//!   ns a payload by machine, most of it reaching 200,000 objects scattered in memory,
//!   against ~390 ns each of validation. So it overlaps the engine's work: a
//!   chunk is read while the one before is validated, and a list's first rows
//!   are validated while its tuple is made. What stays serial is reading
//!   those first rows and releasing the references at the end (~1.2-2.8 ms
//!   of a ~26-30 ms call on 2 cores); the column API (`arrow.rs`) has no
//!   per-payload objects;
//! - validating: in chunks on all cores with the GIL released, each chunk a
//!   job on the engine's own threads; between chunks the progress report and
//!   Ctrl-C;
//! - the results: one Python object per *problem*, not per payload, in the
//!   compact form; in the list form the cyclic garbage collector is paused
//!   while the lists are made (200,000 new lists set it off hundreds of times,
//!   to find nothing).

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::ops::Range;
use std::sync::mpsc::Receiver;

use pyo3::conversion::FromPyObjectBound;
use pyo3::exceptions::{PyIndexError, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyTuple};
use pyo3::{Borrowed, PyTypeInfo};
use qris_emv::Validator;

use crate::emv::{payload_bytes, Diagnostic};

/// Payloads per chunk: ~10 ms of work on one core, so progress moves and
/// Ctrl-C answers promptly, and the hand-off to the threads is amortised.
pub(crate) const CHUNK: usize = 16_384;

/// Rows of a list validated while its tuple is made (`validate_many`).
const HEAD: usize = CHUNK / 2;

/// The inputs as one tuple (`tuple(payloads)`: for a list, a copy of its
/// references made inside Python, a list or generator read whole), which
/// keeps every item alive while the engine reads them with the GIL released:
/// no other thread can change a tuple only this call holds. One reference for
/// all, not one per payload: taking and dropping 200,000 references one by
/// one from Rust was ~4 ms of the one-thread part of the call.
fn as_tuple<'py>(payloads: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    if let Ok(t) = payloads.cast::<PyTuple>() {
        return Ok(t.clone());
    }
    Ok(PyTuple::type_object(payloads.py()).call1((payloads,))?.cast_into::<PyTuple>()?)
}

/// One input's bytes, borrowed from the item (a `str` asked for its UTF-8
/// once). A `str` Python cannot give as UTF-8 (lone surrogates), and anything
/// else the engine takes (a `Payload`), is copied as the engine's general
/// input would be.
fn input<'a>(item: Borrowed<'a, '_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    // Borrowed for as long as the item is (pyo3's `&str` extraction).
    Ok(match <&str as FromPyObjectBound<'a, '_>>::from_py_object_bound(item) {
        Ok(t) => Cow::Borrowed(t.as_bytes()),
        Err(_) => match <&[u8] as FromPyObjectBound<'a, '_>>::from_py_object_bound(item) {
            Ok(b) => Cow::Borrowed(b),
            Err(_) => Cow::Owned(payload_bytes(&item)?.to_vec()),
        },
    })
}

/// The bytes of the inputs at `rows` of `tuple`, borrowed from its items.
fn inputs<'a>(tuple: &'a Bound<'_, PyTuple>, rows: Range<usize>) -> PyResult<Vec<Cow<'a, [u8]>>> {
    rows.map(|i| input(tuple.get_borrowed_item(i)?)).collect()
}

/// What to tell about progress: nothing, a bar on stderr, or a callback.
pub(crate) enum Progress<'py> {
    Quiet,
    Bar { bar: Bound<'py, PyAny>, done: usize },
    Call(Bound<'py, PyAny>),
}

impl<'py> Progress<'py> {
    /// From the `progress` argument: `None`/`False`, `True` (a tqdm bar when
    /// tqdm is installed, else a line on stderr), or a callable taking
    /// `(done, total)`.
    pub(crate) fn new(py: Python<'py>, arg: Option<&Bound<'py, PyAny>>, total: usize, what: &str) -> PyResult<Self> {
        let Some(arg) = arg else { return Ok(Progress::Quiet) };
        if arg.is_callable() {
            return Ok(Progress::Call(arg.clone()));
        }
        if !arg.is_truthy()? {
            return Ok(Progress::Quiet);
        }
        let bar = match py.import("tqdm") {
            Ok(tqdm) => {
                let kwargs = PyDict::new(py);
                kwargs.set_item("total", total)?;
                kwargs.set_item("desc", what)?;
                kwargs.set_item("unit", " payloads")?;
                kwargs.set_item("unit_scale", true)?;
                tqdm.getattr("tqdm")?.call((), Some(&kwargs))?
            }
            Err(_) => py.import("qris._progress")?.getattr("Line")?.call1((total, what))?,
        };
        Ok(Progress::Bar { bar, done: 0 })
    }

    /// `done` of `total` are finished.
    pub(crate) fn report(&mut self, done: usize, total: usize) -> PyResult<()> {
        match self {
            Progress::Quiet => Ok(()),
            Progress::Call(f) => f.call1((done, total)).map(drop),
            Progress::Bar { bar, done: shown } => {
                bar.call_method1("update", (done - *shown,))?;
                *shown = done;
                Ok(())
            }
        }
    }

    /// The bar is closed (also after an error or Ctrl-C).
    pub(crate) fn close(&mut self) {
        if let Progress::Bar { bar, .. } = self {
            // A bar that cannot close has nothing left to say.
            let _ = bar.call_method0("close");
        }
    }
}

/// Runs `work` over `items` in chunks on all cores with the GIL released,
/// reporting progress and checking for Ctrl-C between chunks.
pub(crate) fn chunked<T, R, F>(py: Python<'_>, items: &[T], progress: &mut Progress<'_>, work: F) -> PyResult<Vec<R>>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    use rayon::prelude::*;
    let mut out = Vec::with_capacity(items.len());
    blockwise(py, items, progress, |chunk| out.par_extend(chunk.par_iter().map(&work)))?;
    Ok(out)
}

/// Hands `items` to `step` [`CHUNK`] at a time with the GIL released, and
/// between chunks reports progress and checks for Ctrl-C; closes `progress`.
pub(crate) fn blockwise<'r, T: Sync>(
    py: Python<'_>,
    items: &'r [T],
    progress: &mut Progress<'_>,
    mut step: impl FnMut(&'r [T]) + Send,
) -> PyResult<()> {
    let result = (|| {
        let mut done = 0;
        for chunk in items.chunks(CHUNK) {
            py.detach(|| step(chunk));
            done += chunk.len();
            py.check_signals()?;
            progress.report(done, items.len())?;
        }
        Ok(())
    })();
    progress.close();
    result
}

/// [`chunked`] for inputs read with the GIL held (`read`: a Python `str`'s
/// UTF-8): chunk k+1 is read on this thread while chunk k is validated on the
/// engine's threads, so reading is not a one-thread stretch before the work.
/// With one engine thread nothing overlaps: reading and validating take turns
/// on one core, as a one-thread run should. The first chunk is `first` rows
/// (small: the engine's threads start sooner), the others [`CHUNK`]. The
/// caller closes `progress`.
pub(crate) fn pipelined<T, R, F>(
    py: Python<'_>,
    total: usize,
    first: usize,
    progress: &mut Progress<'_>,
    read: impl Fn(Range<usize>) -> PyResult<Vec<T>>,
    work: F,
) -> PyResult<Vec<R>>
where
    T: Send + Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    use rayon::prelude::*;
    let overlap = rayon::current_num_threads() > 1;
    let mut out: Vec<R> = Vec::with_capacity(total);
    let run = |inputs: Vec<T>| -> Vec<R> { inputs.par_iter().map(&work).collect() };
    // Each chunk is a job for the engine's threads, in a scope whose body runs
    // on this thread (with the GIL): no thread is started per chunk. A new
    // thread per chunk (as `std::thread::scope` does) was ~10% of the call on
    // 2 cores: it waited to be scheduled beside the pool's threads. Each job's
    // answers come back on a channel of its own, which a job that panics
    // closes unanswered (the scope then ends with the panic).
    let result = rayon::in_place_scope(|scope| -> PyResult<()> {
        let mut pending: Option<Receiver<Vec<R>>> = None;
        let mut done = |py: Python<'_>, part: Vec<R>, progress: &mut Progress<'_>| -> PyResult<()> {
            out.extend(part);
            py.check_signals()?;
            progress.report(out.len(), total)
        };
        let first = total.min(first);
        let rest = (first..total).step_by(CHUNK).map(|at| at..total.min(at + CHUNK));
        for rows in std::iter::once(0..first).filter(|r| !r.is_empty()).chain(rest) {
            let inputs = read(rows)?;
            // The next chunk goes to the engine as soon as the last one is
            // back, before its answers are stored and reported.
            let finished = pending.take().map(|rx| answers(py, rx)).transpose()?;
            if overlap {
                let (tx, rx) = std::sync::mpsc::channel();
                let run = &run;
                scope.spawn(move |_| drop(tx.send(run(inputs))));
                pending = Some(rx);
            } else {
                done(py, py.detach(|| run(inputs)), progress)?;
            }
            if let Some(part) = finished {
                done(py, part, progress)?;
            }
        }
        if let Some(rx) = pending.take() {
            done(py, answers(py, rx)?, progress)?;
        }
        Ok(())
    });
    result.map(|()| out)
}

/// The answers of the chunk the engine has, waited for with the GIL released.
fn answers<R: Send>(py: Python<'_>, rx: Receiver<Vec<R>>) -> PyResult<Vec<R>> {
    py.detach(move || rx.recv()).map_err(|_| PyRuntimeError::new_err("a validation thread failed"))
}

/// Runs `f` with Python's cyclic garbage collector paused (as it was before
/// afterwards): making many container objects at once sets it off again and
/// again to walk objects that cannot be garbage yet.
pub(crate) fn without_gc<R>(py: Python<'_>, f: impl FnOnce() -> PyResult<R>) -> PyResult<R> {
    let gc = py.import("gc")?;
    let was = gc.call_method0("isenabled")?.is_truthy()?;
    if was {
        gc.call_method0("disable")?;
    }
    let r = f();
    if was {
        gc.call_method0("enable")?;
    }
    r
}

/// Validates many payloads on all cores with the GIL released, in order.
///
/// By default one list of `Diagnostic` per payload. With `compact=True` a
/// `BatchReport`, which makes Python objects only for the payloads that have
/// diagnostics (`valid`, `error_codes`, `problems`, `report[i]`): the form
/// for millions of payloads. `progress=True` shows a bar (tqdm if installed);
/// a callable is called with `(done, total)` after each chunk.
#[pyfunction]
#[pyo3(signature = (payloads, *, strict = false, compact = false, progress = None))]
pub fn validate_many<'py>(
    py: Python<'py>,
    payloads: &Bound<'py, PyAny>,
    strict: bool,
    compact: bool,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let v = Validator::qris().strict(strict);
    let work = |s: &Cow<'_, [u8]>| {
        let mut found = Vec::new();
        v.check_bytes(s, |d| found.push(Diagnostic::from(&d)));
        found
    };
    // A list's first rows are read from the list itself and validated while
    // `tuple(list)` is made (~1.5 ms for 200,000 references, with the engine's
    // threads otherwise idle). Between the two run only the garbage
    // collector (the tuple is an allocation) and, with `progress=True`,
    // tqdm's Python code (during which another thread may run): should either
    // change the list, the tuple is not the list those rows came from, and
    // the whole call starts again from the tuple.
    let list = payloads.cast_exact::<PyList>().ok().filter(|_| rayon::current_num_threads() > 1);
    let tuple = OnceCell::new();
    let (total, head) = match list {
        Some(list) => {
            let n = list.len();
            (n, (0..n.min(HEAD)).map(|i| list.get_item(i)).collect::<PyResult<Vec<_>>>()?)
        }
        None => (tuple.get_or_init(|| as_tuple(payloads)).as_ref().map_err(|e| e.clone_ref(py))?.len(), Vec::new()),
    };
    let mut progress = Progress::new(py, progress, total, "validate_many")?;
    let restarted = Cell::new(false);
    let whole = |tuple: &Bound<'_, PyTuple>| {
        tuple.len() == total && head.iter().enumerate().all(|(i, h)| tuple.get_borrowed_item(i).is_ok_and(|t| t.is(h)))
    };
    let read = |rows: Range<usize>| -> PyResult<Vec<Cow<'_, [u8]>>> {
        if rows.end <= head.len() {
            return head[rows].iter().map(|item| input(item.as_borrowed())).collect();
        }
        let fresh = tuple.get().is_none();
        let t = tuple.get_or_init(|| as_tuple(payloads)).as_ref().map_err(|e| e.clone_ref(py))?;
        if fresh && !whole(t) {
            restarted.set(true);
            return Err(PyRuntimeError::new_err("the list changed while it was copied"));
        }
        inputs(t, rows)
    };
    let first = if head.is_empty() { CHUNK / 8 } else { head.len() };
    let mut results = pipelined(py, total, first, &mut progress, read, work);
    if restarted.get() {
        // Only reached when the list changed between its head and its tuple.
        results = match tuple.get() {
            Some(Ok(t)) => pipelined(py, t.len(), CHUNK / 8, &mut progress, |rows| inputs(t, rows), work),
            _ => results,
        };
    }
    progress.close();
    let results: Vec<Vec<Diagnostic>> = results?;
    drop(head);
    drop(tuple);
    if compact {
        return Ok(Bound::new(py, BatchReport { results })?.into_any());
    }
    without_gc(py, || Ok(PyList::new(py, results)?.into_any()))
}

/// The compact result of `validate_many(..., compact=True)`: what a batch
/// found, with Python objects made only where asked for and only for the
/// payloads that have diagnostics.
#[pyclass(frozen, module = "qris", sequence)]
pub struct BatchReport {
    results: Vec<Vec<Diagnostic>>,
}

#[pymethods]
impl BatchReport {
    /// The number of payloads.
    fn __len__(&self) -> usize {
        self.results.len()
    }

    /// The diagnostics of payload `i` (negative counts from the end).
    fn __getitem__(&self, i: isize) -> PyResult<Vec<Diagnostic>> {
        let n = self.results.len() as isize;
        let at = if i < 0 { i + n } else { i };
        if !(0..n).contains(&at) {
            return Err(PyIndexError::new_err("BatchReport index out of range"));
        }
        Ok(self.results[at as usize].clone())
    }

    /// Each payload's diagnostics, in order.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        PyList::new(py, self.results.iter().cloned())?.try_iter()
    }

    /// Whether each payload passes the QRIS rules (warnings allowed), in order.
    #[getter]
    fn valid<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.results.iter().map(|ds| !has_error(ds)))
    }

    /// The first error's code for each payload, `None` where it is valid.
    #[getter]
    fn error_codes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.results.iter().map(|ds| ds.iter().find(|d| d.is_error()).map(|d| d.code())))
    }

    /// `{index: [Diagnostic, ...]}` for the payloads with any diagnostic
    /// (errors or warnings), in order.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (i, ds) in self.results.iter().enumerate().filter(|(_, ds)| !ds.is_empty()) {
            out.set_item(i, ds.clone())?;
        }
        Ok(out)
    }

    /// How many payloads pass the QRIS rules.
    #[getter]
    fn valid_count(&self) -> usize {
        self.results.iter().filter(|ds| !has_error(ds)).count()
    }

    /// How many payloads do not.
    #[getter]
    fn invalid_count(&self) -> usize {
        self.results.len() - self.valid_count()
    }

    fn __repr__(&self) -> String {
        let warned = self.results.iter().filter(|ds| !ds.is_empty() && !has_error(ds)).count();
        format!(
            "BatchReport({} payloads: {} valid, {} invalid, {} valid with warnings)",
            self.results.len(),
            self.valid_count(),
            self.invalid_count(),
            warned
        )
    }

    fn __bool__(&self) -> PyResult<bool> {
        Err(PyTypeError::new_err("a BatchReport is not true or false: use .valid, .valid_count or .invalid_count"))
    }
}

fn has_error(ds: &[Diagnostic]) -> bool {
    ds.iter().any(Diagnostic::is_error)
}
