<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * Where a dossier stands (Engine::track): its state, the clock now running,
 * the statutory and the promised due instants, the time remaining, and for
 * a finished dossier how it compares with its deadline. `json` is the
 * library's answer text as received.
 */
final readonly class Tracking
{
    /**
     * @param list<LogEntry> $log
     * @param list<string> $warnings irregularities that do not make the sequence impossible
     */
    public function __construct(
        /** processing, awaiting-supplement, paused, returned, refused, withdrawn. */
        public string $state,
        public \DateTimeImmutable $asOf,
        /** Null while waiting for a supplement. */
        public ?Clock $clock,
        public ?\DateTimeImmutable $statutoryDueAt,
        public ?\DateTimeImmutable $statutoryDueDate,
        public ?\DateTimeImmutable $dueAt,
        public ?\DateTimeImmutable $dueDate,
        /** True while paused: the due instant assumes the clock resumes at `asOf`. */
        public bool $provisional,
        public ?Rescheduled $rescheduled,
        public ?Remaining $remaining,
        public bool $overdue,
        /** Against the statutory deadline, for a returned or refused dossier. */
        public ?Timeliness $timeliness,
        public ?Timeliness $againstRescheduled,
        public ?Apology $apology,
        public int $restarts,
        public array $log,
        public array $warnings,
        public string $json,
    ) {
    }

    /** @internal */
    public static function fromJson(string $json): self
    {
        return self::read(Read::json($json), $json);
    }

    /** @internal */
    public static function read(Read $r, string $json): self
    {
        $opt = fn (string $key, callable $read) => ($o = $r->optObj($key)) === null ? null : $read($o);
        return new self(
            $r->str('state'),
            $r->instant('as_of'),
            $opt('clock', fn (Read $o) => new Clock($o)),
            $r->optInstant('statutory_due_at'),
            $r->optDate('statutory_due_date'),
            $r->optInstant('due_at'),
            $r->optDate('due_date'),
            $r->bool('provisional'),
            $opt('rescheduled', Rescheduled::read(...)),
            $opt('remaining', Remaining::read(...)),
            $r->bool('overdue'),
            $opt('timeliness', Timeliness::read(...)),
            $opt('against_rescheduled', Timeliness::read(...)),
            $opt('apology', Apology::read(...)),
            $r->int('restarts'),
            $r->list('log', LogEntry::read(...)),
            $r->strings('warnings'),
            $json,
        );
    }
}
