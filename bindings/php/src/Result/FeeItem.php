<?php

declare(strict_types=1);

namespace Tthc\Result;

/** One fee item of a decision (lệ phí or phí), in whole đồng, before and after the reductions that apply. */
final readonly class FeeItem
{
    /** @param list<LegalRef> $legalBasis */
    public function __construct(
        /** le-phi or phi; null where the source does not say which. */
        public ?string $item,
        public string $name,
        public int $base,
        public int $payable,
        /** confirmed, secondary, derived, unconfirmed, or supplied (by the case). */
        public string $status,
        public array $legalBasis,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->optStr('item'), $r->str('name'), $r->int('base'), $r->int('payable'), $r->str('status'), $r->list('legal_basis', LegalRef::read(...)));
    }
}
