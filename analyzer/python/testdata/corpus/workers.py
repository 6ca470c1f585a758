import concurrent.futures
import multiprocessing as mp
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from multiprocessing import Pool


class Worker(threading.Thread):
    def __init__(self, tasks: "queue.Queue[int]", results: list) -> None:
        super().__init__(daemon=True)
        self.tasks = tasks
        self.results = results
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                item = self.tasks.get(timeout=0.1)
            except queue.Empty:
                continue
            self.results.append(item * item)
            self.tasks.task_done()

    def stop(self):
        self._stop_event.set()


def square(n):
    return n * n


def with_threads(nums):
    with ThreadPoolExecutor(max_workers=4) as ex:
        futures = {ex.submit(square, n): n for n in nums}
        return sorted(f.result() for f in as_completed(futures))


def with_processes(nums):
    with Pool(processes=2) as pool:
        return pool.map(square, nums)


def with_process_executor(nums):
    with concurrent.futures.ProcessPoolExecutor() as ex:
        return list(ex.map(square, nums, chunksize=4))


def producer_consumer(n=10):
    q = mp.Queue()
    procs = [mp.Process(target=q.put, args=(i,)) for i in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return [q.get() for _ in range(n)]


counter = 0
counter_lock = threading.Lock()


def increment():
    global counter
    with counter_lock:
        counter += 1


if __name__ == "__main__":
    t0 = time.perf_counter()
    print(with_threads(range(10)), with_processes(range(10)))
    print(time.perf_counter() - t0)
