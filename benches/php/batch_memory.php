<?php
/**
 * Peak memory of the PHP batch calls, for scripts/measure-batch-memory.sh
 * (which runs this under /usr/bin/time -v and compares with a run that
 * loads the engine and calls nothing):
 *   batch  Engine::evaluateBatch / deadlineBatch on every case of the
 *          JSON Lines file at once (every request and answer held, the
 *          answers as their text: read, each would be decoded)
 *   each   Engine::evaluateEach / deadlineEach on the same cases read
 *          lazily, each answer dropped once read
 *   read   batch, then every result read (get()) while the list holds
 *          them all: what the typed results take
 *   cases  the engine and every case as PHP arrays, as `batch` has them
 *          before its call (the baseline of `batch`)
 *   none   the engine alone (the baseline of `each`)
 *
 * Usage: php -d ffi.enable=1 batch_memory.php evaluate|deadline batch|read|each|cases|none REQUESTS.jsonl
 * with TTHC_LIB and TTHC_HEADER naming libtthc.so and tthc_php.h.
 */

declare(strict_types=1);

// The binding's classes, without Composer (PSR-4: Tthc\ is src/).
spl_autoload_register(function (string $class): void {
    if (str_starts_with($class, 'Tthc\\')) {
        require __DIR__ . '/../../bindings/php/src/' . str_replace('\\', '/', substr($class, 5)) . '.php';
    }
});

use Tthc\Engine;

[, $op, $mode, $path] = $argv + [null, 'evaluate', 'none', ''];
$engine = Engine::embedded();
$answered = 0;
$failed = 0;
if ($mode === 'batch' || $mode === 'read' || $mode === 'cases') {
    $cases = array_map(
        fn (string $line) => json_decode($line, true, 512, JSON_THROW_ON_ERROR),
        (array) file($path, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES),
    );
    $items = $mode === 'cases' ? [] : ($op === 'deadline' ? $engine->deadlineBatch($cases) : $engine->evaluateBatch($cases));
    foreach ($items as $item) {
        $item->ok() && ($mode !== 'read' || $item->get()) ? $answered++ : $failed++;
    }
} elseif ($mode === 'each') {
    $lines = (function () use ($path): \Generator {
        $f = fopen($path, 'rb');
        while (($line = fgets($f)) !== false) {
            yield json_decode($line, true, 512, JSON_THROW_ON_ERROR);
        }
        fclose($f);
    })();
    $items = $op === 'deadline' ? $engine->deadlineEach($lines) : $engine->evaluateEach($lines);
    foreach ($items as $item) {
        $item->ok() ? $answered++ : $failed++;
    }
}
echo "answered $answered failed $failed\n";
