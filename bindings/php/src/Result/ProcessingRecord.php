<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * A processing time as the catalogue records it, for one case type (and,
 * when `channels` is not empty, only those channels). When no source gives a
 * usable time, `unit` is null and `unknown` gives the reason; `amount` then
 * keeps a bare number the source gave without a unit, for information only.
 */
final readonly class ProcessingRecord
{
    /**
     * @param list<string> $channels
     * @param list<LegalRef> $legalBasis
     */
    public function __construct(
        public string $case,
        public ?int $amount,
        public ?string $unit,
        public ?string $unknown,
        public array $channels,
        /** The source's own text, as read (e.g. "7 Ngày làm việc"). */
        public ?string $verbatim,
        public Validity $validity,
        public string $status,
        public array $legalBasis,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('case'), $r->optInt('amount'), $r->optStr('unit'), $r->optStr('unknown'), $r->strings('channels'), $r->optStr('verbatim'), Validity::of($r), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
