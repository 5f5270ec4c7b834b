<?php

declare(strict_types=1);

namespace Tthc;

/**
 * One problem in a catalogue file. `code` is stable (`E0001` syntax,
 * `E0101` unknown key, …); `help` says what to do about it; `file`,
 * `line` and `column` are null for a problem with no place.
 */
final readonly class Diagnostic
{
    public function __construct(
        public string $code,
        public string $severity,
        public string $message,
        public string $help,
        public ?string $file = null,
        public ?int $line = null,
        public ?int $column = null,
    ) {
    }

    /** @param array<mixed> $d one entry of the error JSON's `diagnostics` */
    public static function fromArray(array $d): self
    {
        $at = (array) ($d['location'] ?? []);
        return new self(
            (string) ($d['code'] ?? ''),
            (string) ($d['severity'] ?? 'error'),
            (string) ($d['message'] ?? ''),
            (string) ($d['help'] ?? ''),
            isset($at['file']) ? (string) $at['file'] : null,
            isset($at['line']) ? (int) $at['line'] : null,
            isset($at['column']) ? (int) $at['column'] : null,
        );
    }

    /** `procedures/a.toml:3:1: error[E0101]: unknown key`, as the CLI prints it. */
    public function __toString(): string
    {
        $where = $this->file === null ? '' : "{$this->file}:{$this->line}:{$this->column}: ";
        return "{$where}{$this->severity}[{$this->code}]: {$this->message}";
    }
}
