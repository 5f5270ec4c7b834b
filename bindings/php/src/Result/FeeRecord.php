<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * A fee item as the catalogue records it, in whole đồng, for one case type
 * (and, when `channels` is not empty, only those channels). `amount` is null
 * and `unknown` gives the reason when no source gives the fee; 0 means free.
 */
final readonly class FeeRecord
{
    /**
     * @param list<string> $channels
     * @param list<LegalRef> $legalBasis
     */
    public function __construct(
        public string $case,
        /** le-phi or phi; null where the source does not say which. */
        public ?string $item,
        public ?string $name,
        public ?int $amount,
        public ?string $unknown,
        public array $channels,
        /** The source's own text, as read (e.g. "20,000 Việt Nam Đồng"). */
        public ?string $verbatim,
        public Validity $validity,
        public string $status,
        public array $legalBasis,
        public ?string $note,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('case'), $r->optStr('item'), $r->optStr('name'), $r->optInt('amount'), $r->optStr('unknown'), $r->strings('channels'), $r->optStr('verbatim'), Validity::of($r), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)), $r->optStr('note'));
    }
}
